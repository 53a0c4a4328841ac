package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Base of the actors that own one Sedna custom resource and write its status. */
abstract class CrActor implements Actor {

  private static final Logger LOG = LoggerFactory.getLogger(CrActor.class);
  /** Conditions are append-only upstream; the demo keeps the newest ones so a long run stays small. */
  static final int MAX_CONDITIONS = 40;

  final Kind kind;
  GenericKubernetesResource cr;

  CrActor(Kind kind, Random rnd, String ns, String name, Instant created, Map<String, Object> spec,
      Map<String, String> annotations) {
    this.kind = kind;
    cr = new GenericKubernetesResource();
    cr.setApiVersion(SednaNames.API_VERSION);
    cr.setKind(kind.kind);
    cr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid(Objs.uid(rnd))
        .withGeneration(1L).withCreationTimestamp(Objs.time(created)).withAnnotations(annotations)
        .withLabels(Map.of("app.kubernetes.io/part-of", "taskscope-demo")).build());
    cr.setAdditionalProperty("spec", spec);
    cr.setAdditionalProperty("status", new LinkedHashMap<String, Object>());
  }

  String name() {
    return cr.getMetadata().getName();
  }

  String ns() {
    return cr.getMetadata().getNamespace();
  }

  String uid() {
    return cr.getMetadata().getUid();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status() {
    return (Map<String, Object>) cr.getAdditionalProperties().computeIfAbsent("status", k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> conditions() {
    return (List<Map<String, Object>>) status().computeIfAbsent("conditions", k -> new ArrayList<>());
  }

  Map<String, Object> lastCondition() {
    List<Map<String, Object>> c = conditions();
    return c.isEmpty() ? null : c.get(c.size() - 1);
  }

  void append(Map<String, Object> condition) {
    if (LOG.isInfoEnabled()) {
      LOG.info("{} {}/{} condition {}{}{}", kind.kind, ns(), name(), condition.get("type"),
          condition.containsKey("stage") ? " stage " + condition.get("stage") : "",
          condition.containsKey("reason") ? " reason " + condition.get("reason") : "");
    }
    List<Map<String, Object>> c = conditions();
    c.add(condition);
    while (c.size() > MAX_CONDITIONS) {
      c.remove(0);
    }
  }

  /** Everything this actor puts in the cluster at start-up (seeded, not created through the API). */
  List<HasMetadata> initialObjects() {
    return List.of(cr);
  }

  void writeStatus(Simulator sim) {
    try {
      cr = sim.writeStatus(kind, cr);
    } catch (RuntimeException e) {
      LOG.warn("status write of {} {}/{} failed, re-reading: {}", kind.kind, ns(), name(), e.toString());
      GenericKubernetesResource fresh = sim.client().genericKubernetesResources(Simulator.context(kind))
          .inNamespace(ns()).withName(name()).get();
      if (fresh != null) {
        fresh.setAdditionalProperty("status", status());
        cr = sim.writeStatus(kind, fresh);
      }
    }
  }

  @Override
  public String toString() {
    return kind.kind + " " + ns() + "/" + name();
  }
}
