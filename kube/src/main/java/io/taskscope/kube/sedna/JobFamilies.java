package io.taskscope.kube.sedna;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * batch/v1 Job series (seed metric K8sJobStatus) for Jobs that belong to a Sedna task or component, resolved with
 * {@link TaskRef} (Sedna worker labels, a controller ownerReference to a sedna.io kind, or the {@code sedna} label).
 * Sedna v0.6 itself creates Pods and Deployments, not Jobs; Jobs appear when a user or a pipeline step (Argo, a
 * pre-processing Job) labels them for a task. Other Jobs render to an all-empty object.
 *
 * <p>Label order: {@code namespace, kind, name, worker, job_name} (+ the family's own label).
 */
public final class JobFamilies {
  public static final String JOB_INFO = "sedna_job_info";
  public static final String JOB_ACTIVE = "sedna_job_status_active";
  public static final String JOB_SUCCEEDED = "sedna_job_status_succeeded";
  public static final String JOB_FAILED = "sedna_job_status_failed";
  public static final String JOB_CONDITION = "sedna_job_condition";
  public static final String JOB_START = "sedna_job_start_time_seconds";
  public static final String JOB_COMPLETION = "sedna_job_completion_time_seconds";

  /** Condition types reported as a StateSet-like pair of series; {@code status} label true/false/unknown. */
  public static final List<String> CONDITIONS = List.of("Complete", "Failed");
  private static final List<String> STATUSES = List.of("true", "false", "unknown");

  private static final List<FamilyHeader> HEADERS = List.of(
      new FamilyHeader(JOB_INFO, "Kubernetes Job joined to its Sedna task (value 1).", MetricType.INFO),
      new FamilyHeader(JOB_ACTIVE, "Job status.active: pods running.", MetricType.GAUGE),
      new FamilyHeader(JOB_SUCCEEDED, "Job status.succeeded: pods that succeeded.", MetricType.GAUGE),
      new FamilyHeader(JOB_FAILED, "Job status.failed: pods that failed.", MetricType.GAUGE),
      new FamilyHeader(JOB_CONDITION,
          "Job conditions Complete and Failed: for each condition one series per status (true/false/unknown), "
              + "1 for the current one; a condition that is absent counts as false.",
          MetricType.GAUGE),
      new FamilyHeader(JOB_START, "Job status.startTime, Unix seconds.", MetricType.GAUGE),
      new FamilyHeader(JOB_COMPLETION, "Job status.completionTime, Unix seconds.", MetricType.GAUGE));

  public List<FamilyHeader> headers() {
    return HEADERS;
  }

  public RenderedObject render(Job job) {
    List<List<Sample>> out = new ArrayList<>(HEADERS.size());
    for (int i = 0; i < HEADERS.size(); i++) {
      out.add(new ArrayList<>(2));
    }
    Optional<TaskRef> ref = job == null ? Optional.empty() : TaskRef.of(job);
    if (ref.isEmpty()) {
      return RenderedObject.of(out);
    }
    TaskRef task = ref.get();
    String[] base = {"namespace", task.namespace(), "kind", task.kind(), "name", task.name(), "worker",
        task.workerType(), "job_name", PodFamilies.str(job.getMetadata().getName())};
    out.get(0).add(PodFamilies.sample(JOB_INFO, 1, base, "uid", PodFamilies.str(job.getMetadata().getUid())));
    JobStatus st = job.getStatus();
    out.get(1).add(PodFamilies.sample(JOB_ACTIVE, n(st == null ? null : st.getActive()), base));
    out.get(2).add(PodFamilies.sample(JOB_SUCCEEDED, n(st == null ? null : st.getSucceeded()), base));
    out.get(3).add(PodFamilies.sample(JOB_FAILED, n(st == null ? null : st.getFailed()), base));
    for (String type : CONDITIONS) {
      String current = "false";
      if (st != null && st.getConditions() != null) {
        for (JobCondition c : st.getConditions()) {
          if (type.equals(c.getType()) && c.getStatus() != null) {
            current = c.getStatus().toLowerCase(java.util.Locale.ROOT);
          }
        }
      }
      for (String s : STATUSES) {
        out.get(4).add(PodFamilies.sample(JOB_CONDITION, s.equals(current) ? 1 : 0, base, "condition", type,
            "status", s));
      }
    }
    Double start = Times.seconds(st == null ? null : st.getStartTime());
    if (start != null) {
      out.get(5).add(PodFamilies.sample(JOB_START, start, base));
    }
    Double done = Times.seconds(st == null ? null : st.getCompletionTime());
    if (done != null) {
      out.get(6).add(PodFamilies.sample(JOB_COMPLETION, done, base));
    }
    return RenderedObject.of(out);
  }

  private static double n(Integer i) {
    return i == null ? 0 : i;
  }
}
