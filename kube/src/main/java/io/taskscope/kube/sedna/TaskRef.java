package io.taskscope.kube.sedna;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.taskscope.sdk.SednaNames;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Sedna task (or Sedna system component) a Pod or Job belongs to.
 *
 * <p>Resolution order, first hit wins:
 * <ol>
 *   <li>Sedna worker labels {@code <lower-kind>.sedna.io/name} (+ {@code /worker-type}) that the GlobalManager puts on
 *       every worker pod, pod template and Service ({@code runtime.generateLabels}); the lower-case kind is mapped
 *       back to the CR Kind. This also covers JointInferenceService workers, whose pods are owned by a ReplicaSet.</li>
 *   <li>The controller ownerReference, when it points at a {@code sedna.io} kind. The worker type then comes from
 *       {@code generateName} {@code <crName>-<workerType>-} when it has that shape, else it is empty.</li>
 *   <li>System components by the Helm chart label {@code sedna: gm|lc|kb}: kind {@link #GLOBAL_MANAGER},
 *       {@link #LOCAL_CONTROLLER} or {@link #KNOWLEDGE_BASE}; name = the owning Deployment/DaemonSet name (ReplicaSet
 *       name without its pod-template-hash) or the label value; workerType = the label value.</li>
 * </ol>
 *
 * @param kind the CR Kind ({@code JointInferenceService}) or system component kind ({@code GlobalManager})
 * @param name the CR name (or component workload name)
 * @param namespace the object's namespace (Sedna creates workers in the CR's namespace)
 * @param workerType lower-case worker type ({@code edge}, {@code cloud}, {@code train}, {@code eval},
 *     {@code inference}, {@code aggregation}, {@code gm}, {@code lc}, {@code kb}), or "" when unknown
 */
public record TaskRef(String kind, String name, String namespace, String workerType) {
  public static final String GROUP = SednaNames.GROUP;
  public static final String GLOBAL_MANAGER = SednaNames.GLOBAL_MANAGER;
  public static final String LOCAL_CONTROLLER = SednaNames.LOCAL_CONTROLLER;
  public static final String KNOWLEDGE_BASE = SednaNames.KNOWLEDGE_BASE;

  /** The 11 kinds of the sedna.io/v1alpha1 CRDs. */
  public static final List<String> CR_KINDS = SednaNames.crKinds();

  private static final Map<String, String> COMPONENT_KIND = SednaNames.COMPONENTS;

  public TaskRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    namespace = namespace == null ? "" : namespace;
    workerType = workerType == null ? "" : workerType;
  }

  /** The CR Kind for a lower-case kind as used in Sedna label keys, or null when it is not a Sedna kind. */
  public static String kindForLower(String lowerKind) {
    return SednaNames.Kind.of(lowerKind).map(k -> k.kind).orElse(null);
  }

  /** True for GlobalManager / LocalController / KnowledgeBase refs (not a task CR). */
  public boolean isSystemComponent() {
    return COMPONENT_KIND.containsValue(kind);
  }

  /**
   * {@code edge} or {@code cloud} where Sedna fixes it: JointInferenceService edge/cloud workers, FederatedLearningJob
   * aggregation worker (cloud) and the GlobalManager (its chart forbids edge nodes); "" otherwise.
   */
  public String location() {
    return switch (workerType) {
      case "edge" -> "edge";
      case "cloud", "gm" -> "cloud";
      case "aggregation" -> kind.equals(SednaNames.FEDERATED_LEARNING) ? "cloud" : "";
      default -> "";
    };
  }

  public static Optional<TaskRef> of(HasMetadata object) {
    return object == null ? Optional.empty() : of(object.getMetadata());
  }

  public static Optional<TaskRef> of(ObjectMeta meta) {
    if (meta == null) {
      return Optional.empty();
    }
    String ns = meta.getNamespace();
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();

    // 1. <lower-kind>.sedna.io/name labels
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      String suffix = "." + GROUP + "/name";
      if (key.endsWith(suffix) && e.getValue() != null && !e.getValue().isEmpty()) {
        String lower = key.substring(0, key.length() - suffix.length());
        String kind = kindForLower(lower);
        if (kind != null) {
          String wt = labels.getOrDefault(lower + "." + GROUP + "/worker-type", "");
          return Optional.of(new TaskRef(kind, e.getValue(), ns, wt.toLowerCase(Locale.ROOT)));
        }
      }
    }

    // 2. controller ownerReference to a sedna.io kind
    OwnerReference controller = controllerOf(meta);
    if (controller != null && controller.getApiVersion() != null
        && controller.getApiVersion().startsWith(GROUP + "/")) {
      String kind = kindForLower(controller.getKind());
      if (kind != null && controller.getName() != null) {
        return Optional.of(new TaskRef(kind, controller.getName(), ns,
            workerTypeFromGenerateName(meta.getGenerateName(), controller.getName())));
      }
    }

    // 3. system components
    String component = labels.get("sedna");
    if (component != null && COMPONENT_KIND.containsKey(component)) {
      return Optional.of(new TaskRef(COMPONENT_KIND.get(component), componentName(meta, controller, component),
          ns, component));
    }
    return Optional.empty();
  }

  private static OwnerReference controllerOf(ObjectMeta meta) {
    if (meta.getOwnerReferences() == null) {
      return null;
    }
    for (OwnerReference r : meta.getOwnerReferences()) {
      if (Boolean.TRUE.equals(r.getController())) {
        return r;
      }
    }
    return null;
  }

  /** {@code <crName>-<workerType>-} (CreatePodWithTemplate) gives the worker type; anything else gives "". */
  static String workerTypeFromGenerateName(String generateName, String crName) {
    if (generateName == null || !generateName.startsWith(crName + "-") || !generateName.endsWith("-")) {
      return "";
    }
    String rest = generateName.substring(crName.length() + 1, generateName.length() - 1);
    if (rest.isEmpty() || rest.contains("-")) {
      return "";
    }
    return rest.toLowerCase(Locale.ROOT);
  }

  private static String componentName(ObjectMeta meta, OwnerReference controller, String component) {
    if (controller != null && controller.getName() != null) {
      String owner = controller.getName();
      if ("ReplicaSet".equals(controller.getKind())) {
        String hash = meta.getLabels().get("pod-template-hash");
        if (hash != null && owner.endsWith("-" + hash)) {
          return owner.substring(0, owner.length() - hash.length() - 1);
        }
        int dash = owner.lastIndexOf('-');
        return dash > 0 ? owner.substring(0, dash) : owner;
      }
      return owner;
    }
    return component;
  }
}
