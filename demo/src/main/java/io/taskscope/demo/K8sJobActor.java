package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A batch/v1 Job: active 1 → succeeded (Complete) at {@code endAt}, or a failure per attempt up to backoffLimit. */
final class K8sJobActor implements Actor {

  private Job job;
  private final int endAt;
  private final boolean fails;
  private final int backoffLimit;
  private boolean done;

  K8sJobActor(Random rnd, String ns, String name, Instant created, Map<String, String> labels, String image,
      int endAt, boolean fails) {
    this.endAt = endAt;
    this.fails = fails;
    this.backoffLimit = 2;
    job = new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).withUid(Objs.uid(rnd))
        .withCreationTimestamp(Objs.time(created)).withLabels(labels).endMetadata()
        .withNewSpec().withBackoffLimit(backoffLimit).withCompletions(1).withParallelism(1)
        .withNewTemplate().withNewMetadata().withLabels(Map.of("job-name", name)).endMetadata().withNewSpec()
        .withRestartPolicy("Never").addNewContainer().withName(name).withImage(image).endContainer().endSpec()
        .endTemplate().endSpec()
        .withNewStatus().withActive(1).withStartTime(Objs.time(created)).withReady(1).endStatus().build();
  }

  Job job() {
    return job;
  }

  @Override
  public void step(Simulator sim) {
    if (done) {
      return;
    }
    long step = sim.steps();
    Instant now = sim.now();
    JobStatus st = job.getStatus();
    if (!fails && step >= endAt) {
      st.setActive(null);
      st.setReady(0);
      st.setSucceeded(1);
      st.setCompletionTime(Objs.time(now));
      st.setConditions(conditions(now, "SuccessCriteriaMet", "Complete", "CompletionsReached",
          "Reached expected number of succeeded pods"));
      done = true;
    } else if (fails && step % Math.max(1, endAt / (backoffLimit + 1)) == 0) {
      int failed = (st.getFailed() == null ? 0 : st.getFailed()) + 1;
      st.setFailed(failed);
      if (failed > backoffLimit) {
        st.setActive(null);
        st.setReady(0);
        st.setConditions(conditions(now, "FailureTarget", "Failed", "BackoffLimitExceeded",
            "Job has reached the specified backoff limit"));
        done = true;
      }
    } else {
      return;
    }
    job = sim.writeStatus(job);
  }

  private static List<JobCondition> conditions(Instant now, String first, String type, String reason, String msg) {
    List<JobCondition> out = new ArrayList<>();
    for (String t : List.of(first, type)) {
      out.add(new JobConditionBuilder().withType(t).withStatus("True").withReason(reason).withMessage(msg)
          .withLastProbeTime(Objs.time(now)).withLastTransitionTime(Objs.time(now)).build());
    }
    return out;
  }

  @Override
  public String toString() {
    return "Job " + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }
}
