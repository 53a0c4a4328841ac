"""Worker-side helpers for KubeEdge Sedna workers: one call per metric the users asked for, pushed to TaskScope.

    from taskscope_sdk.sedna import SednaWorker
    w = SednaWorker()                      # grouping labels from the pod environment Sedna sets
    w.report_stage(stage="Train", status="Running", iteration=3)
    w.report_training(epoch=2, batch_size=32, learning_rate=0.001, loss=0.41, remaining_seconds=120,
                      train_samples=1460)
    w.report_inference(location="edge", hard=True)          # joint inference / incremental learning inference
    w.report_eval(model="new", metrics={"precision": [0.91, 0.84]}, eval_samples=365, remaining_seconds=0)
    w.report_model(kind="train_output", url="/output/train/3/model.pb")
    w.report_deploy(status="OK", url="/output/train/3/model.pb")
    w.report_federated_round(iteration=4, node_samples=480, status="Running")   # federated training worker
    w.report_federated_round(aggregation=4)                                     # federated aggregation worker
    w.report_lifelong(tasks=[...], workers=[...], inference={"known": {"done": 5, "ready": 2}})
    w.report_task_eval(task="Season_Spring", score=0.83, metrics={"precision": 0.8}, status="Deployable")

Every call pushes at once (POST, so the group keeps the metrics other calls pushed) and raises ``PushError`` when
TaskScope refuses (400 with the metric and the allowed values) and ``ValueError`` for bad arguments, before sending.
Counters (``_total``) accumulate in this process.

Grouping: job ``sedna`` and, from the environment GM injects into worker pods (or the constructor's arguments):
``namespace`` = NAMESPACE, ``name`` = JOB_NAME or SERVICE_NAME, ``kind`` = ``kind=`` or SEDNA_KIND (else guessed:
SERVICE_NAME → JointInferenceService, PARTICIPANTS_COUNT → FederatedLearningJob, KB_SERVER/CLOUD_KB_INDEX →
LifelongLearningJob, JOB_NAME → IncrementalLearningJob), ``worker`` = the worker type from WORKER_NAME
(``edgeworker-…`` → edge, ``train-worker-…`` → train, ``aggworker-…`` → aggregation, …), ``pod`` = POD_NAME or
HOSTNAME (Sedna runs IL/LL workers with hostNetwork, where HOSTNAME is the node's name: set POD_NAME from the downward
API ``metadata.name`` there), ``node`` = NODENAME when set (downward API ``spec.nodeName``).
Series of the worker go to ``/metrics/job/sedna/kind/K/name/N/namespace/NS/node/NODE/pod/P/worker/W``; the task's
stage, status, iteration, deployment and latest evaluation results (accuracy metrics, lifelong per-task evaluation:
facts of the task, not of one pod) go to the task's group ``/metrics/job/sedna/kind/K/name/N/namespace/NS``, so the
last worker to report them wins and they outlive the pod that reported them.
The URL comes from ``url=`` or TASKSCOPE_PUSH_URL; ``token=`` or TASKSCOPE_TOKEN is a tenant's bearer token.
"""

import datetime
import os
import threading

from ._client import MetricCollector

# Sedna names, spelled as io.taskscope.sdk.SednaNames (Java SDK) does; SednaNamesPythonParityTest holds them equal.
JOB = "sedna"

KINDS = {
    "jointinferenceservice": "JointInferenceService",
    "incrementallearningjob": "IncrementalLearningJob",
    "federatedlearningjob": "FederatedLearningJob",
    "lifelonglearningjob": "LifelongLearningJob",
}
PREFIX = {
    "JointInferenceService": "sedna_jointinference_",
    "IncrementalLearningJob": "sedna_incrementallearning_",
    "LifelongLearningJob": "sedna_lifelonglearning_",
    "FederatedLearningJob": "sedna_federatedlearning_",
}

TASK_STAGES = ("Train", "Eval", "Deploy")
CURRENT_STATUSES = ("Waiting", "Ready", "Starting", "Running", "Completed", "Failed")
DEPLOY_STATUSES = ("Waiting", "OK", "NotOK")
TRAIN_STATUSES = ("Pending", "Running", "Succeeded", "Failed")
LL_TASK_STATUSES = ("Waiting", "Deployable", "NotDeployable")
LOCATIONS = ("edge", "cloud")
TASK_TYPES = ("known", "unknown")
LL_TASK_INFO_STATUSES = ("active", "dead")
LL_TASK_WORKS = ("training", "inferring")
LL_WORKER_STATUSES = ("waiting", "active", "dead")
MODELS = ("new", "old")
MODEL_KINDS = {"eval_new": "eval_new_model_info", "eval": "eval_model_info",
               "train_output": "train_output_model_info", "deploy": "deploy_model_info"}

# worker-name prefixes GM uses (sedna-facts §8) -> worker type (the `worker` label of pod series)
_WORKER_PREFIXES = (("edgeworker", "edge"), ("cloudworker", "cloud"), ("train-worker", "train"),
                    ("trainworker", "train"), ("eval-worker", "eval"), ("inferworker", "inference"),
                    ("aggworker", "aggregation"))

_HELP = {
    "inferences_total": "Inferences made by the worker, by where they ran (location).",
    "hard_samples_total": "Hard samples (examples) found by the worker's hard example mining.",
    "learning_rate": "Learning rate of the training worker.",
    "epoch": "Current epoch of the training worker.",
    "batch_size": "Batch size of the training worker.",
    "train_samples": "Samples used by the training worker.",
    "train_loss": "Loss of the training worker.",
    "train_remaining_seconds": "Estimated time left in the train stage, seconds.",
    "eval_samples": "Samples used by the eval worker.",
    "eval_remaining_seconds": "Estimated time left in the eval stage, seconds.",
    "accuracy_metric": "Evaluation metric of the new or old (deployed) model, per metric and class.",
    "task_stage": "Stage of the task (StateSet).",
    "current_status": "Status of the current stage (StateSet).",
    "iteration": "Current iteration (round) number.",
    "iteration_inferences_total": "Inferences made in the current iteration.",
    "iteration_hard_samples_total": "Hard samples found in the current iteration.",
    "eval_new_model_info": "Model evaluated in the eval stage (the new model).",
    "eval_model_info": "Model evaluated in the eval stage.",
    "train_output_model_info": "Model written by the training worker.",
    "deploy_model_info": "Model deployed for inference.",
    "deploy_status": "Deployment status (StateSet).",
    "active_tasks": "Tasks running.",
    "tasks": "Tasks in total.",
    "task_info": "A task: location, work, status.",
    "task_start_time_seconds": "Start time of a task, Unix seconds.",
    "task_duration_seconds": "Run time of a task, seconds.",
    "active_workers": "Workers running.",
    "workers": "Workers in total.",
    "worker_info": "A worker: location, status.",
    "inference_samples_done_total": "Samples whose inference completed, by task type (known/unknown).",
    "inference_samples_ready": "Samples ready for inference, by task type (known/unknown).",
    "inference_samples_error_total": "Samples whose inference failed, by task type (known/unknown).",
    "task_score": "Evaluation score of a task.",
    "task_eval_result": "Evaluation result of a task, per metric.",
    "task_status": "Whether a task can be deployed (StateSet).",
    "train_node_info": "A node taking part in federated training.",
    "train_status": "Status of the federated training worker (StateSet).",
    "node_samples": "Samples of the federated training worker's node.",
    "aggregation": "Aggregations done by the federated aggregation worker.",
}


def _one_of(what, value, allowed):
    if value not in allowed:
        raise ValueError("%s: %r is not one of %s" % (what, value, ", ".join(allowed)))
    return value


def worker_type(worker_name):
    """The worker type GM encodes in WORKER_NAME (``train-worker-x1y2z`` → ``train``); '' when unknown."""
    for prefix, typ in _WORKER_PREFIXES:
        if worker_name.startswith(prefix):
            return typ
    return ""


def _guess_kind(env):
    k = env.get("SEDNA_KIND", "")
    if k:
        return KINDS.get(k.lower().replace("-", ""), k)
    if env.get("SERVICE_NAME"):
        return "JointInferenceService"
    if env.get("PARTICIPANTS_COUNT") or env.get("AGG_BIND_PORT"):
        return "FederatedLearningJob"
    if env.get("KB_SERVER") or env.get("CLOUD_KB_INDEX"):
        return "LifelongLearningJob"
    if env.get("JOB_NAME"):
        return "IncrementalLearningJob"
    return ""


def _unix(t):
    if t is None:
        return None
    if isinstance(t, datetime.datetime):
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        return t.timestamp()
    if isinstance(t, str):
        # Sedna's own format ("%Y-%m-%d %H:%M:%S", UTC) or ISO 8601
        try:
            return datetime.datetime.strptime(t, "%Y-%m-%d %H:%M:%S").replace(
                tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            return _unix(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")))
    return float(t)


class _Group:
    """The families of one push group: name -> [type, {labels tuple: value}] (insertion ordered)."""

    def __init__(self, labels):
        self.labels = labels
        self.families = {}

    def family(self, name, typ):
        fam = self.families.get(name)
        if fam is None:
            fam = self.families[name] = [typ, {}]
        return fam[1]


class SednaWorker:
    """Reports a Sedna worker's metrics to TaskScope (see the module documentation for the grouping)."""

    def __init__(self, url=None, kind=None, namespace=None, name=None, worker=None, pod=None, node=None,
                 token=None, timeout=10, env=None):
        env = dict(os.environ if env is None else env)
        url = url or env.get("TASKSCOPE_PUSH_URL")
        if not url:
            raise ValueError("no push URL: pass url= or set TASKSCOPE_PUSH_URL")
        self.kind = kind or _guess_kind(env)
        self.kind = KINDS.get(self.kind.lower(), self.kind)
        if self.kind not in PREFIX:
            raise ValueError("kind: %r is not one of %s (pass kind= or set SEDNA_KIND)"
                             % (self.kind, ", ".join(sorted(PREFIX))))
        self.namespace = namespace or env.get("NAMESPACE") or "default"
        self.name = name or env.get("JOB_NAME") or env.get("SERVICE_NAME")
        if not self.name:
            raise ValueError("no task name: pass name= or set JOB_NAME / SERVICE_NAME")
        self.worker = worker if worker is not None else worker_type(env.get("WORKER_NAME", ""))
        self.pod = pod or env.get("POD_NAME") or env.get("HOSTNAME") or env.get("WORKER_NAME") or ""
        self.node = node or env.get("NODENAME") or ""
        self.prefix = PREFIX[self.kind]
        task = {"namespace": self.namespace, "kind": self.kind, "name": self.name}
        pod_labels = dict(task)
        for k, v in (("worker", self.worker), ("pod", self.pod), ("node", self.node)):
            if v:
                pod_labels[k] = v
        self._task = _Group(task)
        self._pod = _Group(pod_labels)
        self._iteration = None
        self._lock = threading.Lock()
        self._collector_args = (url, token or env.get("TASKSCOPE_TOKEN"), timeout)

    # ---- grouping ----
    @property
    def grouping_key(self):
        """The grouping labels of this worker's own group (besides job=sedna)."""
        return dict(self._pod.labels)

    @property
    def task_grouping_key(self):
        """The grouping labels of the task's group (stage, status, iteration, deployment)."""
        return dict(self._task.labels)

    def _need(self, *kinds):
        if self.kind not in kinds:
            raise ValueError("this call is for %s workers, not %s" % (" / ".join(kinds), self.kind))

    def _push(self, group, names):
        c = MetricCollector(*self._collector_args)
        for n in names:
            typ, samples = group.families[n]
            short = n[len(self.prefix):]
            for labels, v in samples.items():
                if typ == "counter":
                    c.counter(n, _HELP.get(short), v, dict(labels))
                else:
                    c.gauge(n, _HELP.get(short), v, dict(labels))
        labels = dict(group.labels)
        c.pushadd(JOB, labels)
        return c.text()

    def _set(self, group, short, value, labels=None, typ="gauge", replace=False):
        samples = group.family(self.prefix + short, typ)
        if replace:
            samples.clear()
        samples[tuple(sorted((labels or {}).items()))] = float(value)
        return self.prefix + short

    def _stateset(self, group, short, label, value, allowed, extra=None):
        samples = group.family(self.prefix + short, "gauge")
        samples.clear()
        for s in allowed:
            labels = dict(extra or {})
            labels[label] = s
            samples[tuple(sorted(labels.items()))] = 1.0 if s == value else 0.0
        return self.prefix + short

    def _inc(self, group, short, by, labels):
        if by < 0:
            raise ValueError("%s%s: a counter cannot go down (by %r)" % (self.prefix, short, by))
        samples = group.family(self.prefix + short, "counter")
        key = tuple(sorted(labels.items()))
        samples[key] = samples.get(key, 0.0) + float(by)
        return self.prefix + short

    # ---- one call per seed concept ----
    def report_training(self, epoch=None, batch_size=None, learning_rate=None, loss=None, remaining_seconds=None,
                        train_samples=None):
        """Incremental/lifelong learning train worker: EpochNum, BatchSize, LearningRate, TrainLoss,
        TrainRemainingTime, TrainSampleNum (gauges with stage="Train"); only the given ones are pushed."""
        self._need("IncrementalLearningJob", "LifelongLearningJob")
        st = {"stage": "Train"}
        with self._lock:
            names = [self._set(self._pod, short, v, st) for short, v in (
                ("epoch", epoch), ("batch_size", batch_size), ("learning_rate", learning_rate),
                ("train_loss", loss), ("train_remaining_seconds", remaining_seconds),
                ("train_samples", train_samples)) if v is not None]
            if names:
                return self._push(self._pod, names)
        return ""

    def report_inference(self, location="edge", hard=False, count=1, iteration=None):
        """An inference (``count`` of them) at ``location`` (edge|cloud); ``hard`` when hard example mining flagged
        it. Joint inference: EdgeInferenceCount / CloudInferenceCount / HardSampleNum counters. Incremental/lifelong
        learning inference worker: IterationInferenceCount / IterationHardSampleNum of the current iteration
        (``iteration=``, else the last one given to report_stage); a new iteration starts the counters at 0."""
        _one_of("location", location, LOCATIONS)
        if count < 0:
            raise ValueError("count: %r is negative" % (count,))
        with self._lock:
            if self.kind == "JointInferenceService":
                names = [self._inc(self._pod, "inferences_total", count, {"location": location})]
                names.append(self._inc(self._pod, "hard_samples_total", count if hard else 0, {"location": location}))
                return self._push(self._pod, names)
            self._need("IncrementalLearningJob", "LifelongLearningJob")
            if iteration is not None:
                if iteration != self._iteration:
                    for short in ("iteration_inferences_total", "iteration_hard_samples_total"):
                        self._pod.family(self.prefix + short, "counter").clear()
                self._iteration = iteration
            if self._iteration is None:
                raise ValueError("iteration: not known yet; pass iteration= or call report_stage(iteration=) first")
            labels = {"iteration": str(self._iteration), "location": location}
            names = [self._inc(self._pod, "iteration_inferences_total", count, labels),
                     self._inc(self._pod, "iteration_hard_samples_total", count if hard else 0, labels)]
            return self._push(self._pod, names)

    def report_eval(self, model="new", metrics=None, eval_samples=None, remaining_seconds=None):
        """Eval worker: AccuracyMetricForNewModel / ...ForOldModel (``metrics`` = {"precision": 0.9} or per class
        {"precision": [0.9, 0.8]} → label class="0", "1", ...; results of the task's latest evaluation, so they go to
        the task's group), EvalSampleNum, EvalRemainingTime (the worker's group). Returns the text(s) pushed."""
        self._need("IncrementalLearningJob", "LifelongLearningJob")
        _one_of("model", model, MODELS)
        st = {"stage": "Eval"}
        out = ""
        with self._lock:
            if metrics:
                samples = self._task.family(self.prefix + "accuracy_metric", "gauge")
                for k in [k for k in samples if dict(k).get("model") == model]:
                    del samples[k]
                for metric, value in metrics.items():
                    values = value if isinstance(value, (list, tuple)) else [value]
                    for i, v in enumerate(values):
                        labels = dict(st, model=model, metric=metric)
                        if isinstance(value, (list, tuple)):
                            labels["class"] = str(i)
                        samples[tuple(sorted(labels.items()))] = float(v)
                out += self._push(self._task, [self.prefix + "accuracy_metric"])
            names = []
            for short, v in (("eval_samples", eval_samples), ("eval_remaining_seconds", remaining_seconds)):
                if v is not None:
                    names.append(self._set(self._pod, short, v, st))
            if names:
                out += self._push(self._pod, names)
        return out

    def report_stage(self, stage, status=None, iteration=None):
        """The task's TaskStage (StateSet over Train, Eval, Deploy), CurrentStatus of that stage (StateSet over
        Waiting, Ready, Starting, Running, Completed, Failed) and IterationNo, in the task's group."""
        self._need("IncrementalLearningJob", "LifelongLearningJob")
        _one_of("stage", stage, TASK_STAGES)
        if status is not None:
            _one_of("status", status, CURRENT_STATUSES)
        with self._lock:
            names = [self._stateset(self._task, "task_stage", "task_stage", stage, TASK_STAGES)]
            if status is not None:
                names.append(self._stateset(self._task, "current_status", "current_status", status,
                                            CURRENT_STATUSES, {"stage": stage}))
            if iteration is not None:
                self._iteration = iteration
                names.append(self._set(self._task, "iteration", iteration))
            return self._push(self._task, names)

    def report_model(self, kind, url):
        """A model URL: kind "eval_new" (EvalNewModelUrl), "train_output" (TrainOutputModelUrl), "deploy"
        (DeployModelUrl, in the task's group) or, for lifelong learning, "eval" (EvalModelUrl)."""
        self._need("IncrementalLearningJob", "LifelongLearningJob")
        _one_of("kind", kind, tuple(MODEL_KINDS))
        if not isinstance(url, str) or not url:
            raise ValueError("url: must be a non-empty string")
        stage = {"eval_new": "Eval", "eval": "Eval", "train_output": "Train", "deploy": "Deploy"}[kind]
        group = self._task if kind == "deploy" else self._pod
        with self._lock:
            return self._push(group, [self._set(group, MODEL_KINDS[kind], 1, {"stage": stage, "url": url},
                                                replace=True)])

    def report_deploy(self, status, url=None):
        """DeployStatus (StateSet over Waiting, OK, NotOK) and DeployModelUrl, in the task's group."""
        self._need("IncrementalLearningJob", "LifelongLearningJob")
        _one_of("status", status, DEPLOY_STATUSES)
        st = {"stage": "Deploy"}
        with self._lock:
            names = [self._stateset(self._task, "deploy_status", "deploy_status", status, DEPLOY_STATUSES, st)]
            if url:
                names.append(self._set(self._task, "deploy_model_info", 1, dict(st, url=url), replace=True))
            return self._push(self._task, names)

    def report_federated_round(self, iteration=None, aggregation=None, node_samples=None, status=None):
        """Federated learning: IterationNo and NodeSampleNum (training worker; with the node known, also TrainNodes
        as sedna_federatedlearning_train_node_info{node}), AggregationNo (aggregation worker), TrainStatus
        (StateSet over Pending, Running, Succeeded, Failed)."""
        self._need("FederatedLearningJob")
        if status is not None:
            _one_of("status", status, TRAIN_STATUSES)
        with self._lock:
            names = []
            if iteration is not None:
                names.append(self._set(self._pod, "iteration", iteration))
                if self.node:
                    names.append(self._set(self._pod, "train_node_info", 1, {"node": self.node}, replace=True))
            if aggregation is not None:
                names.append(self._set(self._pod, "aggregation", aggregation))
            if node_samples is not None:
                names.append(self._set(self._pod, "node_samples", node_samples))
            if status is not None:
                names.append(self._stateset(self._pod, "train_status", "train_status", status, TRAIN_STATUSES))
            if names:
                return self._push(self._pod, names)
        return ""

    def report_lifelong(self, tasks=None, workers=None, inference=None):
        """Lifelong learning tables 4–6.

        ``tasks``: [{"name", "location" (edge|cloud), "work" (training|inferring), "start_time" (Unix seconds,
        datetime or "YYYY-mm-dd HH:MM:SS" UTC), "duration" (seconds), "status" (active|dead)}] → TasksInfo,
        ActiveTasksNumber, TotalTasksNumber (the list replaces the previous one).
        ``workers``: [{"name", "location", "status" (waiting|active|dead)}] → WorkersInfo, ActiveWorkersNumber,
        TotalWorkerNumber. ``inference``: {"known"|"unknown": {"done": n, "error": n, "ready": n}} → done and error
        are added to InferenceDoneNumber / InferenceErrorNumber (counters), ready sets InferenceReadyNumber.
        """
        self._need("LifelongLearningJob")
        with self._lock:
            names = []
            if tasks is not None:
                info = self._pod.family(self.prefix + "task_info", "gauge")
                start = self._pod.family(self.prefix + "task_start_time_seconds", "gauge")
                dur = self._pod.family(self.prefix + "task_duration_seconds", "gauge")
                rows = []
                for i, t in enumerate(tasks):
                    where = "tasks[%d]" % i
                    name = t.get("name")
                    if not name:
                        raise ValueError("%s.name: required" % where)
                    rows.append((name, _one_of(where + ".location", t.get("location", "edge"), LOCATIONS),
                                 _one_of(where + ".work", t.get("work", "training"), LL_TASK_WORKS),
                                 _one_of(where + ".status", t.get("status", "active"), LL_TASK_INFO_STATUSES),
                                 _unix(t.get("start_time")), t.get("duration")))
                for fam in (info, start, dur):
                    fam.clear()
                for name, location, work, status, st, d in rows:
                    info[tuple(sorted({"task": name, "location": location, "work": work,
                                       "status": status}.items()))] = 1.0
                    if st is not None:
                        start[(("task", name),)] = float(st)
                    if d is not None:
                        dur[(("task", name),)] = float(d)
                names += [self.prefix + "task_info", self.prefix + "task_start_time_seconds",
                          self.prefix + "task_duration_seconds",
                          self._set(self._pod, "active_tasks", sum(1 for r in rows if r[3] == "active")),
                          self._set(self._pod, "tasks", len(rows))]
            if workers is not None:
                info = self._pod.family(self.prefix + "worker_info", "gauge")
                rows = []
                for i, w in enumerate(workers):
                    where = "workers[%d]" % i
                    if not w.get("name"):
                        raise ValueError("%s.name: required" % where)
                    rows.append((w["name"], _one_of(where + ".location", w.get("location", "edge"), LOCATIONS),
                                 _one_of(where + ".status", w.get("status", "active"), LL_WORKER_STATUSES)))
                info.clear()
                for name, location, status in rows:
                    info[tuple(sorted({"worker_name": name, "location": location, "status": status}.items()))] = 1.0
                names += [self.prefix + "worker_info",
                          self._set(self._pod, "active_workers", sum(1 for r in rows if r[2] == "active")),
                          self._set(self._pod, "workers", len(rows))]
            if inference is not None:
                for task_type, counts in inference.items():
                    _one_of("inference task type", task_type, TASK_TYPES)
                    labels = {"task_type": task_type}
                    names.append(self._inc(self._pod, "inference_samples_done_total", counts.get("done", 0), labels))
                    names.append(self._inc(self._pod, "inference_samples_error_total", counts.get("error", 0),
                                           labels))
                    if counts.get("ready") is not None:
                        names.append(self._set(self._pod, "inference_samples_ready", counts["ready"], labels))
            names = list(dict.fromkeys(names))
            if names:
                return self._push(self._pod, names)
        return ""

    def report_task_eval(self, task, score=None, metrics=None, status=None):
        """Lifelong learning eval stage, per task: TaskScore, TaskEvalResult (one series per metric), TaskStatus
        (StateSet over Waiting, Deployable, NotDeployable), in the task's group (the latest evaluation of each task)."""
        self._need("LifelongLearningJob")
        if status is not None:
            _one_of("status", status, LL_TASK_STATUSES)
        with self._lock:
            names = []
            st = {"stage": "Eval", "task": task}
            if score is not None:
                names.append(self._set(self._task, "task_score", score, st))
            if metrics:
                samples = self._task.family(self.prefix + "task_eval_result", "gauge")
                for k in [k for k in samples if dict(k).get("task") == task]:
                    del samples[k]
                for metric, v in metrics.items():
                    samples[tuple(sorted(dict(st, metric=metric).items()))] = float(v)
                names.append(self.prefix + "task_eval_result")
            if status is not None:
                samples = self._task.family(self.prefix + "task_status", "gauge")
                for k in [k for k in samples if dict(k).get("task") == task]:
                    del samples[k]
                for s in LL_TASK_STATUSES:
                    samples[tuple(sorted(dict(st, task_status=s).items()))] = 1.0 if s == status else 0.0
                names.append(self.prefix + "task_status")
            if names:
                return self._push(self._task, names)
        return ""

    def delete(self):
        """Removes this worker's group (the task's group stays)."""
        MetricCollector(*self._collector_args).delete(JOB, dict(self._pod.labels))


__all__ = ["SednaWorker", "worker_type", "TASK_STAGES", "CURRENT_STATUSES", "DEPLOY_STATUSES", "TRAIN_STATUSES",
           "LL_TASK_STATUSES"]
