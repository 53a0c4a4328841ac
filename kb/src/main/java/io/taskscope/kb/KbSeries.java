package io.taskscope.kb;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import java.util.List;

/** The families read from Sedna's KB tables, in the order they are written. Documented in docs/metrics.md. */
public final class KbSeries {
  private KbSeries() {}

  public static final FamilyHeader INFO = new FamilyHeader("sedna_kb_info",
      "Lifelong-learning knowledge base: KB server address, node, node type (cloud/edge) and database (configured).",
      MetricType.INFO);
  public static final FamilyHeader TASK_GROUPS = new FamilyHeader("sedna_kb_task_groups",
      "Task groups in the KB (rows of ll_task_grp).", MetricType.GAUGE);
  public static final FamilyHeader TASKS = new FamilyHeader("sedna_kb_tasks",
      "Known tasks in the KB (rows of ll_tasks).", MetricType.GAUGE);
  public static final FamilyHeader GROUP_TASKS = new FamilyHeader("sedna_kb_task_group_tasks",
      "Tasks of a task group as the KB server counts them (ll_task_grp.task_num).", MetricType.GAUGE);
  public static final FamilyHeader GROUP_SAMPLES = new FamilyHeader("sedna_kb_task_group_samples",
      "Samples of a task group as the KB server counts them (ll_task_grp.sample_num).", MetricType.GAUGE);
  public static final FamilyHeader GROUP_STATUS = new FamilyHeader("sedna_kb_task_group_status",
      "Whether the task group can be deployed (ll_task_grp.deploy), one series per state.", MetricType.STATESET);
  public static final FamilyHeader GROUP_MODEL = new FamilyHeader("sedna_kb_task_group_model_info",
      "Model of a task group (ll_task_models.model_url) and whether it is the current one (is_current).",
      MetricType.INFO);
  public static final FamilyHeader TASK_MODEL = new FamilyHeader("sedna_kb_task_model_info",
      "Model a task uses: the model of its task group through ll_task_relation (current one first, else newest).",
      MetricType.INFO);
  public static final FamilyHeader RELATION = new FamilyHeader("sedna_kb_task_relation_transfer_ratio",
      "Transfer ratio between a task group and a task (ll_task_relation.transfer_radio).", MetricType.GAUGE);
  public static final FamilyHeader SAMPLES = new FamilyHeader("sedna_kb_samples",
      "Samples in the KB by type train/eval/hard (sum of ll_samples.sample_num by data_type).", MetricType.GAUGE);
  public static final FamilyHeader SAMPLE_SETS = new FamilyHeader("sedna_kb_sample_sets",
      "Sample sets uploaded to the KB by type train/eval/hard (rows of ll_samples by data_type).", MetricType.GAUGE);
  public static final FamilyHeader TASK_SAMPLES = new FamilyHeader("sedna_kb_task_samples",
      "Samples of a task by type (sum of ll_samples.sample_num through ll_task_sample).", MetricType.GAUGE);
  public static final FamilyHeader TASK_SAMPLE_DIR = new FamilyHeader("sedna_kb_task_sample_info",
      "Location of the newest sample set of a task per type (ll_samples.data_url through ll_task_sample).",
      MetricType.INFO);
  public static final FamilyHeader TASK_INFO = new FamilyHeader("sedna_kb_task_info",
      "A known task and its attributes as stored (ll_tasks.task_attr JSON, cut at 256 characters).", MetricType.INFO);
  public static final FamilyHeader TASK_ATTRIBUTE = new FamilyHeader("sedna_kb_task_attribute_value",
      "Numeric and boolean top-level properties of ll_tasks.task_attr (true = 1).", MetricType.GAUGE);
  public static final FamilyHeader TASK_ATTRIBUTE_INFO = new FamilyHeader("sedna_kb_task_attribute_info",
      "String top-level properties of ll_tasks.task_attr.", MetricType.INFO);
  public static final FamilyHeader TASK_CREATED = new FamilyHeader("sedna_kb_task_created_timestamp_seconds",
      "When the task was added to the KB (ll_tasks.created_at, UTC).", MetricType.GAUGE);
  public static final FamilyHeader TASK_UPDATED = new FamilyHeader("sedna_kb_task_updated_timestamp_seconds",
      "When the task was last updated in the KB (ll_tasks.updated_at, UTC).", MetricType.GAUGE);

  /** Every family of the Sedna tables except {@link #INFO}, in output order. */
  public static final List<FamilyHeader> TABLE_FAMILIES = List.of(TASK_GROUPS, TASKS, GROUP_TASKS, GROUP_SAMPLES,
      GROUP_STATUS, GROUP_MODEL, TASK_MODEL, RELATION, SAMPLES, SAMPLE_SETS, TASK_SAMPLES, TASK_SAMPLE_DIR, TASK_INFO,
      TASK_ATTRIBUTE, TASK_ATTRIBUTE_INFO, TASK_CREATED, TASK_UPDATED);

  /** States of {@link #GROUP_STATUS} ({@code status} label). */
  public static final String DEPLOYABLE = "deployable";
  public static final String NOT_DEPLOYABLE = "not_deployable";
}
