import unittest

import _path  # noqa: F401  (must come first)
from taskscope_sdk import PushError
from taskscope_sdk.sedna import SednaWorker, worker_type

from peer import Peer

IL_TRAIN_ENV = {"NAMESPACE": "demo", "JOB_NAME": "helmet-detection-il", "WORKER_NAME": "train-worker-x1y2z",
                "HOSTNAME": "edge-node", "POD_NAME": "helmet-detection-il-train-abcde", "NODENAME": "edge-node",
                "LC_SERVER": "http://localhost:9100"}
POD_PATH = ("/metrics/job/sedna/kind/IncrementalLearningJob/name/helmet-detection-il/namespace/demo/node/edge-node"
            "/pod/helmet-detection-il-train-abcde/worker/train")
TASK_PATH = "/metrics/job/sedna/kind/IncrementalLearningJob/name/helmet-detection-il/namespace/demo"


class SednaWorkerTest(unittest.TestCase):
    def setUp(self):
        self.peer = Peer()

    def tearDown(self):
        self.peer.close()

    def worker(self, env=None, **kw):
        e = dict(IL_TRAIN_ENV if env is None else env)
        e["TASKSCOPE_PUSH_URL"] = self.peer.url
        return SednaWorker(env=e, **kw)

    def body(self):
        return self.peer.last()["body"].decode()

    def test_grouping_from_pod_environment(self):
        w = self.worker()
        self.assertEqual(w.kind, "IncrementalLearningJob")
        self.assertEqual(w.grouping_key, {"namespace": "demo", "kind": "IncrementalLearningJob",
                                          "name": "helmet-detection-il", "worker": "train",
                                          "pod": "helmet-detection-il-train-abcde", "node": "edge-node"})
        ji = self.worker({"NAMESPACE": "demo", "SERVICE_NAME": "helmet", "WORKER_NAME": "edgeworker-abcde",
                          "HOSTNAME": "helmet-deployment-edge-7d9f-xk2p"})
        self.assertEqual(ji.kind, "JointInferenceService")
        self.assertEqual(ji.grouping_key, {"namespace": "demo", "kind": "JointInferenceService", "name": "helmet",
                                           "worker": "edge", "pod": "helmet-deployment-edge-7d9f-xk2p"})
        fl = self.worker({"NAMESPACE": "fl", "JOB_NAME": "mnist", "WORKER_NAME": "trainworker-abcde",
                          "PARTICIPANTS_COUNT": "2", "HOSTNAME": "p"})
        self.assertEqual((fl.kind, fl.worker), ("FederatedLearningJob", "train"))
        ll = self.worker({"NAMESPACE": "demo", "JOB_NAME": "robo", "WORKER_NAME": "eval-worker-abcde",
                          "KB_SERVER": "http://kb.sedna:9020", "HOSTNAME": "p"})
        self.assertEqual((ll.kind, ll.worker), ("LifelongLearningJob", "eval"))
        explicit = self.worker({"NAMESPACE": "demo", "JOB_NAME": "x", "SEDNA_KIND": "lifelonglearningjob"})
        self.assertEqual(explicit.kind, "LifelongLearningJob")
        self.assertEqual(worker_type("aggworker-abcde"), "aggregation")
        self.assertEqual(worker_type("inferworker-abcde"), "inference")
        with self.assertRaises(ValueError):
            SednaWorker(env={"NAMESPACE": "demo", "JOB_NAME": "x"})  # no URL

    def test_report_training_pushes_gauges_with_post(self):
        w = self.worker()
        w.report_training(epoch=2, batch_size=32, learning_rate=0.001, loss=0.41, remaining_seconds=120,
                          train_samples=1460)
        r = self.peer.last()
        self.assertEqual(r["method"], "POST")
        self.assertEqual(r["path"], POD_PATH)
        self.assertEqual(self.body(),
                         "# HELP sedna_incrementallearning_epoch Current epoch of the training worker.\n"
                         "# TYPE sedna_incrementallearning_epoch gauge\n"
                         "sedna_incrementallearning_epoch{stage=\"Train\"} 2\n"
                         "# HELP sedna_incrementallearning_batch_size Batch size of the training worker.\n"
                         "# TYPE sedna_incrementallearning_batch_size gauge\n"
                         "sedna_incrementallearning_batch_size{stage=\"Train\"} 32\n"
                         "# HELP sedna_incrementallearning_learning_rate Learning rate of the training worker.\n"
                         "# TYPE sedna_incrementallearning_learning_rate gauge\n"
                         "sedna_incrementallearning_learning_rate{stage=\"Train\"} 0.001\n"
                         "# HELP sedna_incrementallearning_train_loss Loss of the training worker.\n"
                         "# TYPE sedna_incrementallearning_train_loss gauge\n"
                         "sedna_incrementallearning_train_loss{stage=\"Train\"} 0.41\n"
                         "# HELP sedna_incrementallearning_train_remaining_seconds Estimated time left in the train"
                         " stage, seconds.\n"
                         "# TYPE sedna_incrementallearning_train_remaining_seconds gauge\n"
                         "sedna_incrementallearning_train_remaining_seconds{stage=\"Train\"} 120\n"
                         "# HELP sedna_incrementallearning_train_samples Samples used by the training worker.\n"
                         "# TYPE sedna_incrementallearning_train_samples gauge\n"
                         "sedna_incrementallearning_train_samples{stage=\"Train\"} 1460\n")
        w.report_training(loss=0.3)
        self.assertEqual(self.body(), "# HELP sedna_incrementallearning_train_loss Loss of the training worker.\n"
                                      "# TYPE sedna_incrementallearning_train_loss gauge\n"
                                      "sedna_incrementallearning_train_loss{stage=\"Train\"} 0.3\n")

    def test_joint_inference_counters_accumulate(self):
        w = self.worker({"NAMESPACE": "demo", "SERVICE_NAME": "helmet", "WORKER_NAME": "edgeworker-abcde",
                         "HOSTNAME": "edge-pod"})
        w.report_inference(location="edge")
        w.report_inference(location="edge", hard=True, count=2)
        w.report_inference(location="cloud", count=2)
        self.assertEqual(self.peer.last()["path"], "/metrics/job/sedna/kind/JointInferenceService/name/helmet"
                                                   "/namespace/demo/pod/edge-pod/worker/edge")
        self.assertEqual(self.body(),
                         "# HELP sedna_jointinference_inferences_total Inferences made by the worker, by where they"
                         " ran (location).\n"
                         "# TYPE sedna_jointinference_inferences_total counter\n"
                         "sedna_jointinference_inferences_total{location=\"edge\"} 3\n"
                         "sedna_jointinference_inferences_total{location=\"cloud\"} 2\n"
                         "# HELP sedna_jointinference_hard_samples_total Hard samples (examples) found by the worker's"
                         " hard example mining.\n"
                         "# TYPE sedna_jointinference_hard_samples_total counter\n"
                         "sedna_jointinference_hard_samples_total{location=\"edge\"} 2\n"
                         "sedna_jointinference_hard_samples_total{location=\"cloud\"} 0\n")
        with self.assertRaisesRegex(ValueError, "location: 'fog' is not one of edge, cloud"):
            w.report_inference(location="fog")

    def test_stage_goes_to_the_task_group(self):
        w = self.worker()
        w.report_stage(stage="Eval", status="Running", iteration=3)
        r = self.peer.last()
        self.assertEqual((r["method"], r["path"]), ("POST", TASK_PATH))
        text = self.body()
        self.assertIn("sedna_incrementallearning_task_stage{task_stage=\"Train\"} 0\n"
                      "sedna_incrementallearning_task_stage{task_stage=\"Eval\"} 1\n"
                      "sedna_incrementallearning_task_stage{task_stage=\"Deploy\"} 0\n", text)
        self.assertIn("sedna_incrementallearning_current_status{current_status=\"Running\",stage=\"Eval\"} 1\n",
                      text)
        self.assertIn("sedna_incrementallearning_current_status{current_status=\"Failed\",stage=\"Eval\"} 0\n", text)
        self.assertIn("# TYPE sedna_incrementallearning_iteration gauge\nsedna_incrementallearning_iteration 3\n",
                      text)
        with self.assertRaisesRegex(ValueError, "stage: 'Trian' is not one of Train, Eval, Deploy"):
            w.report_stage(stage="Trian")

    def test_iteration_counters_restart_with_a_new_iteration(self):
        w = self.worker(dict(IL_TRAIN_ENV, WORKER_NAME="inferworker-abcde"))
        w.report_inference(location="edge", iteration=1, count=5)
        w.report_inference(location="edge", hard=True)
        self.assertIn("sedna_incrementallearning_iteration_inferences_total{iteration=\"1\",location=\"edge\"} 6\n",
                      self.body())
        self.assertIn("sedna_incrementallearning_iteration_hard_samples_total{iteration=\"1\",location=\"edge\"} 1\n",
                      self.body())
        w.report_inference(location="edge", iteration=2)
        self.assertNotIn("iteration=\"1\"", self.body())
        self.assertIn("sedna_incrementallearning_iteration_inferences_total{iteration=\"2\",location=\"edge\"} 1\n",
                      self.body())

    def test_eval_models_and_deploy(self):
        w = self.worker(dict(IL_TRAIN_ENV, WORKER_NAME="eval-worker-abcde"))
        w.report_eval(model="old", metrics={"precision": [0.6, 0.5]})
        w.report_eval(model="new", metrics={"precision": [0.9, 0.8], "f1": 0.7}, eval_samples=365,
                      remaining_seconds=0)
        accuracy, own = self.peer.requests[-2], self.peer.requests[-1]
        self.assertEqual((accuracy["method"], accuracy["path"]), ("POST", TASK_PATH))
        self.assertEqual(own["path"], POD_PATH.replace("/worker/train", "/worker/eval"))
        text = accuracy["body"].decode() + own["body"].decode()
        self.assertIn("# TYPE sedna_incrementallearning_accuracy_metric gauge\n"
                      "sedna_incrementallearning_accuracy_metric{class=\"0\",metric=\"precision\",model=\"old\","
                      "stage=\"Eval\"} 0.6\n"
                      "sedna_incrementallearning_accuracy_metric{class=\"1\",metric=\"precision\",model=\"old\","
                      "stage=\"Eval\"} 0.5\n"
                      "sedna_incrementallearning_accuracy_metric{class=\"0\",metric=\"precision\",model=\"new\","
                      "stage=\"Eval\"} 0.9\n"
                      "sedna_incrementallearning_accuracy_metric{class=\"1\",metric=\"precision\",model=\"new\","
                      "stage=\"Eval\"} 0.8\n"
                      "sedna_incrementallearning_accuracy_metric{metric=\"f1\",model=\"new\",stage=\"Eval\"} 0.7\n",
                      text)
        self.assertIn("sedna_incrementallearning_eval_samples{stage=\"Eval\"} 365\n", text)
        self.assertIn("sedna_incrementallearning_eval_remaining_seconds{stage=\"Eval\"} 0\n", text)
        w.report_model(kind="eval_new", url="/output/train/3/model.pb")
        self.assertEqual(self.peer.last()["path"], POD_PATH.replace("/worker/train", "/worker/eval"))
        self.assertIn("sedna_incrementallearning_eval_new_model_info{stage=\"Eval\",url=\"/output/train/3/model.pb\"}"
                      " 1\n", self.body())
        w.report_deploy(status="OK", url="/output/train/3/model.pb")
        self.assertEqual(self.peer.last()["path"], TASK_PATH)
        self.assertEqual(self.body(),
                         "# HELP sedna_incrementallearning_deploy_status Deployment status (StateSet).\n"
                         "# TYPE sedna_incrementallearning_deploy_status gauge\n"
                         "sedna_incrementallearning_deploy_status{deploy_status=\"Waiting\",stage=\"Deploy\"} 0\n"
                         "sedna_incrementallearning_deploy_status{deploy_status=\"OK\",stage=\"Deploy\"} 1\n"
                         "sedna_incrementallearning_deploy_status{deploy_status=\"NotOK\",stage=\"Deploy\"} 0\n"
                         "# HELP sedna_incrementallearning_deploy_model_info Model deployed for inference.\n"
                         "# TYPE sedna_incrementallearning_deploy_model_info gauge\n"
                         "sedna_incrementallearning_deploy_model_info{stage=\"Deploy\","
                         "url=\"/output/train/3/model.pb\"} 1\n")
        with self.assertRaisesRegex(ValueError, "status: 'Not OK' is not one of Waiting, OK, NotOK"):
            w.report_deploy(status="Not OK")

    def test_federated_round(self):
        w = self.worker({"NAMESPACE": "demo", "JOB_NAME": "mnist-fl", "WORKER_NAME": "trainworker-abcde",
                         "PARTICIPANTS_COUNT": "2", "HOSTNAME": "mnist-fl-train-x", "NODENAME": "edge-node-2"})
        w.report_federated_round(iteration=4, node_samples=480, status="Running")
        self.assertEqual(self.body(),
                         "# HELP sedna_federatedlearning_iteration Current iteration (round) number.\n"
                         "# TYPE sedna_federatedlearning_iteration gauge\n"
                         "sedna_federatedlearning_iteration 4\n"
                         "# HELP sedna_federatedlearning_train_node_info A node taking part in federated training.\n"
                         "# TYPE sedna_federatedlearning_train_node_info gauge\n"
                         "sedna_federatedlearning_train_node_info{node=\"edge-node-2\"} 1\n"
                         "# HELP sedna_federatedlearning_node_samples Samples of the federated training worker's"
                         " node.\n"
                         "# TYPE sedna_federatedlearning_node_samples gauge\n"
                         "sedna_federatedlearning_node_samples 480\n"
                         "# HELP sedna_federatedlearning_train_status Status of the federated training worker"
                         " (StateSet).\n"
                         "# TYPE sedna_federatedlearning_train_status gauge\n"
                         "sedna_federatedlearning_train_status{train_status=\"Pending\"} 0\n"
                         "sedna_federatedlearning_train_status{train_status=\"Running\"} 1\n"
                         "sedna_federatedlearning_train_status{train_status=\"Succeeded\"} 0\n"
                         "sedna_federatedlearning_train_status{train_status=\"Failed\"} 0\n")
        with self.assertRaisesRegex(ValueError, "this call is for FederatedLearningJob workers"):
            self.worker().report_federated_round(iteration=1)

    def test_lifelong_tables(self):
        w = self.worker({"NAMESPACE": "demo", "JOB_NAME": "robo", "WORKER_NAME": "inferworker-abcde",
                         "SEDNA_KIND": "LifelongLearningJob", "HOSTNAME": "robo-inference-x"})
        w.report_lifelong(
            tasks=[{"name": "Season_Spring", "location": "edge", "work": "inferring",
                    "start_time": "2024-05-01 10:00:00", "duration": 90, "status": "active"},
                   {"name": "Season_Winter", "location": "cloud", "work": "training", "status": "dead"}],
            workers=[{"name": "robo-train-1", "location": "cloud", "status": "dead"},
                     {"name": "robo-infer-1", "location": "edge", "status": "active"}],
            inference={"known": {"done": 5, "ready": 2}, "unknown": {"done": 1, "error": 1, "ready": 0}})
        text = self.body()
        for line in ("sedna_lifelonglearning_task_info{location=\"edge\",status=\"active\",task=\"Season_Spring\","
                     "work=\"inferring\"} 1\n",
                     "sedna_lifelonglearning_task_start_time_seconds{task=\"Season_Spring\"} 1714557600\n",
                     "sedna_lifelonglearning_task_duration_seconds{task=\"Season_Spring\"} 90\n",
                     "sedna_lifelonglearning_active_tasks 1\n", "sedna_lifelonglearning_tasks 2\n",
                     "sedna_lifelonglearning_worker_info{location=\"edge\",status=\"active\","
                     "worker_name=\"robo-infer-1\"} 1\n",
                     "sedna_lifelonglearning_active_workers 1\n", "sedna_lifelonglearning_workers 2\n",
                     "sedna_lifelonglearning_inference_samples_done_total{task_type=\"known\"} 5\n",
                     "sedna_lifelonglearning_inference_samples_error_total{task_type=\"unknown\"} 1\n",
                     "sedna_lifelonglearning_inference_samples_ready{task_type=\"known\"} 2\n"):
            self.assertIn(line, text)
        w.report_lifelong(inference={"known": {"done": 3}})
        self.assertIn("sedna_lifelonglearning_inference_samples_done_total{task_type=\"known\"} 8\n", self.body())
        self.assertNotIn("task_info", self.body())
        w.report_task_eval(task="Season_Spring", score=0.83, metrics={"precision": 0.8}, status="Deployable")
        self.assertEqual(self.peer.last()["path"], "/metrics/job/sedna/kind/LifelongLearningJob/name/robo/namespace/demo")
        text = self.body()
        self.assertIn("sedna_lifelonglearning_task_score{stage=\"Eval\",task=\"Season_Spring\"} 0.83\n", text)
        self.assertIn("sedna_lifelonglearning_task_eval_result{metric=\"precision\",stage=\"Eval\","
                      "task=\"Season_Spring\"} 0.8\n", text)
        self.assertIn("sedna_lifelonglearning_task_status{stage=\"Eval\",task=\"Season_Spring\","
                      "task_status=\"Deployable\"} 1\n", text)
        w.report_model(kind="eval", url="s3://kubeedge/robo/eval/1/index.pkl")
        self.assertIn("sedna_lifelonglearning_eval_model_info{stage=\"Eval\",url=\"s3://kubeedge/robo/eval/1/"
                      "index.pkl\"} 1\n", self.body())
        with self.assertRaisesRegex(ValueError, r"workers\[0\].status: 'zombie' is not one of waiting, active, dead"):
            w.report_lifelong(workers=[{"name": "w", "status": "zombie"}])

    def test_refusal_is_a_push_error(self):
        self.peer.status = 400
        self.peer.answer = b"sedna_incrementallearning_task_stage: state \"Trian\" is not one of Train, Eval, Deploy\n"
        with self.assertRaises(PushError) as cm:
            self.worker().report_stage(stage="Train")
        self.assertEqual(cm.exception.status, 400)
        self.assertIn("is not one of Train, Eval, Deploy", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
