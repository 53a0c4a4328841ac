package io.taskscope.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Sedna custom resource kinds (group sedna.io, version v1alpha1, all namespaced). */
enum SednaKind {
  DATASET("Dataset", "datasets"),
  MODEL("Model", "models"),
  JOINT_INFERENCE_SERVICE("JointInferenceService", "jointinferenceservices"),
  INCREMENTAL_LEARNING_JOB("IncrementalLearningJob", "incrementallearningjobs"),
  FEDERATED_LEARNING_JOB("FederatedLearningJob", "federatedlearningjobs"),
  LIFELONG_LEARNING_JOB("LifelongLearningJob", "lifelonglearningjobs"),
  OBJECT_SEARCH_SERVICE("ObjectSearchService", "objectsearchservices"),
  OBJECT_TRACKING_SERVICE("ObjectTrackingService", "objecttrackingservices"),
  FEATURE_EXTRACTION_SERVICE("FeatureExtractionService", "featureextractionservices"),
  REID_JOB("ReidJob", "reidjobs"),
  VIDEO_ANALYTICS_JOB("VideoAnalyticsJob", "videoanalyticsjobs");

  static final String GROUP = "sedna.io";
  static final String VERSION = "v1alpha1";
  static final String API_VERSION = GROUP + "/" + VERSION;

  final String kind;
  final String plural;

  SednaKind(String kind, String plural) {
    this.kind = kind;
    this.plural = plural;
  }

  /** Label key prefix GM puts on worker pods: lower(kind) + ".sedna.io/". */
  String labelPrefix() {
    return kind.toLowerCase(Locale.ROOT) + "." + GROUP + "/";
  }

  static Optional<SednaKind> byKind(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }
}
