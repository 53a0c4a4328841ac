package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The generated part of the demo cluster: namespaces, nodes, the LC pods the fixtures lack, and tasks of every Sedna
 * kind in namespaces {@code demo} and {@code edge-ai}, each with the worker pods GM would have created.
 */
final class World {

  static final String DEMO = "demo";
  static final String EDGE_AI = "edge-ai";
  static final List<String> NAMESPACES = List.of("default", "kube-system", "sedna", "fl", DEMO, EDGE_AI);

  final List<Actor> actors = new ArrayList<>();
  final List<HasMetadata> objects = new ArrayList<>();

  private final Random rnd;
  private final Instant now;

  World(long seed, Instant now) {
    this.rnd = new Random(seed);
    this.now = now;
    build();
  }

  private Instant ago(int minutes) {
    return now.minusSeconds(60L * minutes);
  }

  private void add(Actor actor, List<HasMetadata> initial) {
    actors.add(actor);
    objects.addAll(initial);
  }

  private void add(CrActor actor) {
    add(actor, actor.initialObjects());
  }

  private static Map<String, Object> template(String node, String container, String image, Object... env) {
    List<Map<String, Object>> envs = new ArrayList<>();
    for (int i = 0; i < env.length; i += 2) {
      envs.add(Objs.map("name", env[i], "value", env[i + 1]));
    }
    Map<String, Object> c = Objs.map("name", container, "image", image, "imagePullPolicy", "IfNotPresent");
    if (!envs.isEmpty()) {
      c.put("env", envs);
    }
    return Objs.map("spec", Objs.map("nodeName", node, "containers", List.of(c)));
  }

  private static Container container(String name, String image, String... env) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < env.length; i += 2) {
      vars.put(env[i], env[i + 1]);
    }
    return Pods.container(name, image, vars);
  }

  private static Map<String, Object> named(String name) {
    return Objs.map("name", name);
  }

  private void build() {
    for (String ns : NAMESPACES) {
      Namespace n = new NamespaceBuilder().withNewMetadata().withName(ns).withUid(Objs.uid(rnd))
          .withCreationTimestamp(Objs.time(ago(60 * 24 * 10))).withLabels(Map.of("kubernetes.io/metadata.name", ns))
          .endMetadata().withNewStatus().withPhase("Active").endStatus().build();
      objects.add(n);
    }
    nodes();
    lcPods();
    datasetsAndModels();
    jointInference();
    incrementalLearning();
    lifelongLearning();
    federatedLearning();
    otherServices();
    reidAndVideo();
    k8sJobs();
  }

  private void nodes() {
    NodeActor cloud = new NodeActor(rnd, "cloud-node", false, ago(60 * 24 * 11), 8, "32Gi", 0, 0);
    NodeActor edge = new NodeActor(rnd, "edge-node", true, ago(60 * 24 * 11), 4, "8Gi", 0, 0);
    NodeActor edge2 = new NodeActor(rnd, "edge-node-2", true, ago(60 * 24 * 9), 4, "4Gi", 45, 6);
    for (NodeActor n : List.of(cloud, edge, edge2)) {
      add(n, List.of(n.node()));
    }
  }

  /** The fixtures hold the LC pod of edge-node (plus GM and KB); the DaemonSet also runs on the other nodes. */
  private void lcPods() {
    for (String node : List.of("cloud-node", "edge-node-2")) {
      Instant created = ago(60 * 24 * 9);
      Container lc = container("lc", "kubeedge/sedna-lc:v0.6.0", "GM_ADDRESS", "gm.sedna:9000", "BIND_PORT", "9100",
          "ROOTFS_MOUNT_DIR", "/rootfs");
      Pod pod = new PodBuilder().withNewMetadata().withName("lc-" + Objs.suffix(rnd, 5)).withGenerateName("lc-")
          .withNamespace("sedna").withUid(Objs.uid(rnd)).withCreationTimestamp(Objs.time(created))
          .withLabels(Map.of("sedna", "lc", "controller-revision-hash", "5d7f8c9b6", "pod-template-generation", "1"))
          .withOwnerReferences(Pods.owner("apps/v1", "DaemonSet", "lc", "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d00"))
          .endMetadata().withNewSpec().withNodeName(node).withHostNetwork(true)
          .withDnsPolicy("ClusterFirstWithHostNet").withRestartPolicy("Always").withContainers(lc).endSpec()
          .withStatus(Pods.running(node, created, created.plusSeconds(7), lc, 0, null)).build();
      pod.getStatus().setPodIP(Pods.NODE_IPS.get(node));
      objects.add(pod);
    }
  }

  private ModelActor flModel;
  private ModelActor flModel2;

  private void datasetsAndModels() {
    add(new DatasetActor(rnd, DEMO, "helmet-dataset", ago(300), Objs.map("url",
        "/data/helmet_detection/train_data/train_data.txt", "format", "txt", "nodeName", "edge-node"), 1826, 40));
    add(new DatasetActor(rnd, DEMO, "robo-dataset", ago(280), Objs.map("url", "s3://kubeedge/sedna-robo/data/train.csv",
        "format", "csv", "nodeName", "edge-node", "credentialName", "mysecret"), 30412, 120));
    add(new DatasetActor(rnd, DEMO, "surface-defect-edge1-dataset", ago(200), Objs.map("url", "/data/1.txt", "format",
        "txt", "nodeName", "edge-node"), 480, 6));
    add(new DatasetActor(rnd, DEMO, "surface-defect-edge2-dataset", ago(200), Objs.map("url", "/data/2.txt", "format",
        "txt", "nodeName", "edge-node-2"), 0, 4));
    add(new DatasetActor(rnd, EDGE_AI, "coco-edge-dataset", ago(150), Objs.map("url", "/data/coco/train.txt", "format",
        "txt", "nodeName", "edge-node-2"), 5120, 0));
    add(new ModelActor(rnd, DEMO, "helmet-detection-little-model", ago(310), Objs.map("url",
        "/data/little-model/yolov3_resnet18.pb", "format", "pb"), null));
    add(new ModelActor(rnd, DEMO, "helmet-detection-big-model", ago(310), Objs.map("url",
        "/data/big-model/yolov3_darknet.pb", "format", "pb"), null));
    add(new ModelActor(rnd, DEMO, "helmet-initial-model", ago(305), Objs.map("url", "/models/base_model", "format",
        "ckpt"), null));
    add(new ModelActor(rnd, DEMO, "helmet-deploy-model", ago(305), Objs.map("url",
        "/models/deploy_model/saved_model.pb", "format", "pb"), null));
    flModel = new ModelActor(rnd, DEMO, "surface-defect-detection-model", ago(60), Objs.map("url", "/model",
        "format", "pb"), null);
    add(flModel);
    flModel2 = new ModelActor(rnd, DEMO, "mnist-fl-model", ago(30), Objs.map("url", "s3://kubeedge/model/mnist",
        "format", "pb", "credentialName", "mysecret"), null);
    add(flModel2);
    add(new ModelActor(rnd, EDGE_AI, "yolo-v5-model", ago(100), Objs.map("url", "s3://kubeedge/model/yolov5.pth",
        "format", "pth", "device_soc_versions", List.of("cuda"), "credentialName", "mysecret"),
        Map.of("mAP", "0.4312")));
    add(new ModelActor(rnd, EDGE_AI, "face-little-model", ago(100), Objs.map("url", "/data/face/little.pb",
        "format", "pb"), null));
    add(new ModelActor(rnd, EDGE_AI, "face-big-model", ago(100), Objs.map("url", "/data/face/big.pb",
        "format", "pb"), null));
  }

  private Map<String, Object> jiSpec(String little, String big, String edgeNode, String hem) {
    return Objs.map(
        "edgeWorker", Objs.map("model", named(little),
            "hardExampleMining", Objs.map("name", hem, "parameters", List.of(
                Objs.map("key", "threshold_img", "value", "0.9"), Objs.map("key", "threshold_box", "value", "0.9"))),
            "template", template(edgeNode, "little-model",
                "kubeedge/sedna-example-joint-inference-helmet-detection-little:v0.1.0", "input_shape", "416,736")),
        "cloudWorker", Objs.map("model", named(big),
            "template", template("cloud-node", "big-model",
                "kubeedge/sedna-example-joint-inference-helmet-detection-big:v0.1.0", "input_shape", "544,544")));
  }

  private void jointInference() {
    Kind k = Kind.JOINT_INFERENCE_SERVICE;
    String[][] services = {{DEMO, "helmet-detection-inference", "helmet-detection-little-model",
        "helmet-detection-big-model", "edge-node"}, {EDGE_AI, "face-detection-inference", "face-little-model",
        "face-big-model", "edge-node-2"}};
    for (String[] s : services) {
      String ns = s[0];
      String name = s[1];
      boolean healthy = ns.equals(DEMO);
      Instant created = ago(healthy ? 240 : 90);
      ServiceActor ji = new ServiceActor(k, rnd, ns, name, created, jiSpec(s[2], s[3], s[4], "IBT"),
          healthy ? ServiceActor.Scenario.HEALTHY : ServiceActor.Scenario.CRASH_LOOP, 2, now);
      Container edge = container("little-model",
          "kubeedge/sedna-example-joint-inference-helmet-detection-little:v0.1.0", "input_shape", "416,736",
          "BIG_MODEL_IP", name + "-cloud." + ns, "BIG_MODEL_PORT", "5000", "HEM_NAME", "IBT", "HEM_PARAMETERS",
          "[{\"key\":\"threshold_img\",\"value\":\"0.9\"},{\"key\":\"threshold_box\",\"value\":\"0.9\"}]",
          "LC_SERVER", "http://localhost:9100", "NAMESPACE", ns, "SERVICE_NAME", name, "WORKER_NAME",
          "edgeworker-" + Objs.suffix(rnd, 5), "MODEL_URL", "/home/data/data/little-model/yolov3_resnet18.pb",
          "DATA_PATH_PREFIX", "/home/data");
      Container cloud = container("big-model", "kubeedge/sedna-example-joint-inference-helmet-detection-big:v0.1.0",
          "input_shape", "544,544", "BIG_MODEL_BIND_PORT", "5000", "NAMESPACE", ns, "SERVICE_NAME", name,
          "WORKER_NAME", "cloudworker-" + Objs.suffix(rnd, 5), "MODEL_URL",
          "/home/data/data/big-model/yolov3_darknet.pb", "DATA_PATH_PREFIX", "/home/data");
      ji.withDeployment(Pods.deploymentWorker(rnd, k, ns, name, ji.uid(), "Edge", List.of(s[4]), edge,
          created.plusSeconds(1)), true);
      ji.withDeployment(Pods.deploymentWorker(rnd, k, ns, name, ji.uid(), "Cloud", List.of("cloud-node"), cloud,
          created.plusSeconds(1)), false);
      ji.resetPeriod(35 + rnd.nextInt(10));
      add(ji);
    }
  }

  private Map<String, Object> ilSpec(String dataset, String node, String image) {
    Map<String, Object> trigger = Objs.map("checkPeriodSeconds", 60, "condition", Objs.map("operator", ">",
        "threshold", 500, "metric", "num_of_samples"));
    return Objs.map(
        "initialModel", named("helmet-initial-model"),
        "dataset", Objs.map("name", dataset, "trainProb", 0.8),
        "trainSpec", Objs.map("template", template(node, "train-worker", image, "batch_size", "32", "epochs", "1"),
            "trigger", trigger),
        "evalSpec", Objs.map("template", template(node, "eval-worker", image)),
        "deploySpec", Objs.map("model", Objs.map("name", "helmet-deploy-model", "hotUpdateEnabled", false,
                "pollPeriodSeconds", 60),
            "trigger", Objs.map("condition", Objs.map("operator", ">", "threshold", 0.1, "metric",
                "precision_delta")),
            "hardExampleMining", Objs.map("name", "IBT", "parameters", List.of(Objs.map("key", "threshold_img",
                "value", "0.9"))),
            "template", template(node, "infer-worker", image)),
        "outputDir", "/output");
  }

  private void incrementalLearning() {
    Kind k = Kind.INCREMENTAL_LEARNING_JOB;
    String image = "kubeedge/sedna-example-incremental-learning-helmet-detection:v0.1.0";
    Container train = container("train-worker", image, "batch_size", "32", "epochs", "1", "LC_SERVER",
        "http://localhost:9100", "WORKER_NAME", "train-worker-" + Objs.suffix(rnd, 5));
    Container eval = container("eval-worker", image, "LC_SERVER", "http://localhost:9100", "WORKER_NAME",
        "eval-worker-" + Objs.suffix(rnd, 5));
    Container infer = container("infer-worker", image, "HEM_NAME", "IBT", "LC_SERVER", "http://localhost:9100",
        "WORKER_NAME", "inferworker-" + Objs.suffix(rnd, 5));
    add(new LearningJobActor(k, rnd, DEMO, "helmet-detection-il", ago(120), ilSpec("helmet-dataset", "edge-node",
        image), "edge-node", train, eval, infer, r -> false, r -> false, now));
    // this one fails training in rounds 1, 4, 7, ...: Failed → Waiting/Train
    add(new LearningJobActor(k, rnd, DEMO, "dog-croissants-il", ago(60), ilSpec("helmet-dataset", "edge-node-2",
        image), "edge-node-2", train, eval, infer, r -> r % 3 == 1, r -> false, now));
  }

  private void lifelongLearning() {
    Kind k = Kind.LIFELONG_LEARNING_JOB;
    String image = "kubeedge/sedna-example-lifelong-learning-robo-semantic-segmentation:v0.1.0";
    Container train = container("train-worker", image, "KB_SERVER", "http://kb.sedna:9020", "HAS_COMPLETED_INITIAL_TRAINING",
        "false", "WORKER_NAME", "train-worker-" + Objs.suffix(rnd, 5));
    Container eval = container("eval-worker", image, "KB_SERVER", "http://kb.sedna:9020", "WORKER_NAME",
        "eval-worker-" + Objs.suffix(rnd, 5));
    Container infer = container("infer-worker", image, "WORKER_NAME", "inferworker-" + Objs.suffix(rnd, 5));
    Map<String, Object> trigger = Objs.map("checkPeriodSeconds", 60, "timer", Objs.map("start", "00:00",
        "end", "23:59"), "condition", Objs.map("operator", ">", "threshold", 100, "metric", "num_of_samples"));
    Map<String, Object> spec = Objs.map(
        "dataset", Objs.map("name", "robo-dataset", "trainProb", 0.8),
        "trainSpec", Objs.map("template", template("edge-node", "train-worker", image), "trigger", trigger),
        "evalSpec", Objs.map("template", template("edge-node", "eval-worker", image)),
        "deploySpec", Objs.map("template", template("edge-node", "infer-worker", image)),
        "credentialName", "mysecret",
        "outputDir", "s3://kubeedge/sedna-robo/robo-semantic-seg-ll");
    // eval fails in round 2 (and every 4th round after)
    add(new LearningJobActor(k, rnd, DEMO, "robo-semantic-seg-ll", ago(90), spec, "edge-node", train, eval, infer,
        r -> false, r -> r % 4 == 2, now));
  }

  private Map<String, Object> flSpec(String model, List<String[]> workers, String aggImage, String trainImage,
      int exitRound) {
    List<Map<String, Object>> training = new ArrayList<>();
    for (String[] w : workers) {
      training.add(Objs.map("dataset", named(w[0]), "template", template(w[1], "train-worker", trainImage,
          "batch_size", "32", "learning_rate", "0.001", "epochs", "1")));
    }
    return Objs.map(
        "aggregationWorker", Objs.map("model", named(model), "template", template("cloud-node", "agg-worker",
            aggImage, "exit_round", Integer.toString(exitRound))),
        "trainingWorkers", training,
        "transmitter", Objs.map("ws", Map.of()));
  }

  private void federatedLearning() {
    String agg = "kubeedge/sedna-example-federated-learning-surface-defect-detection-aggregation:v0.1.0";
    String train = "kubeedge/sedna-example-federated-learning-surface-defect-detection-train:v0.1.0";
    List<String[]> workers = List.of(new String[] {"surface-defect-edge1-dataset", "edge-node"},
        new String[] {"surface-defect-edge2-dataset", "edge-node-2"});
    List<String> nodes = List.of("edge-node", "edge-node-2");
    Container aggC = container("agg-worker", agg, "AGG_BIND_PORT", "7363", "PARTICIPANTS_COUNT", "2",
        "TRANSMITTER", "ws");
    Container trainC = container("train-worker", train, "AGG_PORT", "7363", "PARTICIPANTS_COUNT", "2",
        "LC_SERVER", "http://localhost:9100");
    // finishes after 5 rounds (2 reports per round, one per step) → Succeeded at step 10
    add(new FederatedJobActor(rnd, DEMO, "surface-defect-detection-fl", ago(20), flSpec(
        "surface-defect-detection-model", workers, agg, train, 5), 5, -1, nodes, aggC, trainC, flModel));
    // runs (practically) for ever
    add(new FederatedJobActor(rnd, DEMO, "mnist-fl", ago(10), flSpec("mnist-fl-model", workers, agg, train,
        100000), 100000, -1, nodes, aggC, trainC, flModel2));
    // a training worker dies in round 2 → Failed
    Map<String, Object> failSpec = flSpec("yolo-v5-model", List.of(new String[] {"coco-edge-dataset", "edge-node"},
        new String[] {"coco-edge-dataset", "edge-node-2"}), agg, train, 10);
    failSpec.put("transmitter", Objs.map("s3", Objs.map("aggDataPath", "s3://kubeedge/sedna-fl/aggregation_data",
        "credentialName", "mysecret")));
    add(new FederatedJobActor(rnd, EDGE_AI, "yolo-fl", ago(15), failSpec, 10, 2, nodes, aggC, trainC, null));
  }

  private Map<String, Object> deploymentSpec(String app, int replicas, String image, String container) {
    return Objs.map("replicas", replicas, "selector", Objs.map("matchLabels", Map.of("app", app)),
        "template", Objs.map("metadata", Objs.map("labels", Map.of("app", app)), "spec", Objs.map("containers",
            List.of(Objs.map("name", container, "image", image)))));
  }

  private void otherServices() {
    // ObjectSearchService: user worker + reid workers as Deployments, tracking workers as pods
    Kind os = Kind.OBJECT_SEARCH_SERVICE;
    String userImg = "kubeedge/sedna-example-object-search-userworker:v0.3.0";
    String trackImg = "kubeedge/sedna-example-object-search-trackingworker:v0.3.0";
    String reidImg = "kubeedge/sedna-example-object-search-reidworker:v0.3.0";
    Instant created = ago(180);
    ServiceActor search = new ServiceActor(os, rnd, DEMO, "person-search", created, Objs.map(
        "userWorker", Objs.map("template", template("cloud-node", "userworker", userImg)),
        "trackingWorkers", List.of(Objs.map("template", template("edge-node", "trackingworker", trackImg)),
            Objs.map("template", template("edge-node-2", "trackingworker", trackImg))),
        "reidWorkers", deploymentSpec("person-search-reid", 1, reidImg, "reidworker")),
        ServiceActor.Scenario.HEALTHY, 4, now);
    search.withDeployment(Pods.deploymentWorker(rnd, os, DEMO, "person-search", search.uid(), "userworker",
        List.of("cloud-node"), container("userworker", userImg), created.plusSeconds(1)), false);
    search.withDeployment(Pods.deploymentWorker(rnd, os, DEMO, "person-search", search.uid(), "reidworker",
        List.of("cloud-node"), container("reidworker", reidImg), created.plusSeconds(1)), false);
    for (String node : List.of("edge-node", "edge-node-2")) {
      Pod p = Pods.crPod(rnd, os, DEMO, "person-search", search.uid(), "trackingworker", node, false, "Always",
          container("trackingworker", trackImg), created.plusSeconds(1));
      Pods.start(p, created.plusSeconds(15));
      search.withPod(p, false);
    }
    add(search);

    // ObjectTrackingService (no controller in GM at this commit; status shaped like ObjectSearchService): a tracking
    // worker fails at step 6, is replaced 6 steps later, every 20 steps
    Kind ot = Kind.OBJECT_TRACKING_SERVICE;
    Instant otCreated = ago(150);
    ServiceActor tracking = new ServiceActor(ot, rnd, DEMO, "person-tracking", otCreated, Objs.map(
        "trackingWorkers", List.of(Objs.map("template", template("edge-node-2", "trackingworker", trackImg))),
        "reidWorkers", deploymentSpec("person-tracking-reid", 1, reidImg, "reidworker")),
        ServiceActor.Scenario.FLAPPING, 2, now).failAt(6, 20, 6);
    tracking.withDeployment(Pods.deploymentWorker(rnd, ot, DEMO, "person-tracking", tracking.uid(), "reidworker",
        List.of("cloud-node"), container("reidworker", reidImg), otCreated.plusSeconds(1)), false);
    Pod trackPod = Pods.crPod(rnd, ot, DEMO, "person-tracking", tracking.uid(), "trackingworker", "edge-node-2", false,
        "Always", container("trackingworker", trackImg), otCreated.plusSeconds(1));
    Pods.start(trackPod, otCreated.plusSeconds(14));
    tracking.withPod(trackPod, true);
    add(tracking);

    // FeatureExtractionService: one Deployment of feature extraction workers
    Kind fe = Kind.FEATURE_EXTRACTION_SERVICE;
    String feImg = "kubeedge/sedna-example-multi-edge-inference-feature-extraction:v0.1.0";
    Instant feCreated = ago(170);
    ServiceActor features = new ServiceActor(fe, rnd, DEMO, "feature-extraction", feCreated, Objs.map(
        "model", named("helmet-detection-big-model"), "kafkaSupport", false, "replicas", 1,
        "selector", Objs.map("matchLabels", Map.of("app", "feature-extraction")),
        "template", Objs.map("metadata", Objs.map("labels", Map.of("app", "feature-extraction")),
            "spec", Objs.map("nodeName", "cloud-node", "containers", List.of(Objs.map("name", "fe", "image",
                feImg))))), ServiceActor.Scenario.HEALTHY, 1, now);
    features.withDeployment(Pods.deploymentWorker(rnd, fe, DEMO, "feature-extraction", features.uid(), "fe",
        List.of("cloud-node"), container("fe", feImg), feCreated.plusSeconds(1)), false);
    add(features);
  }

  private Map<String, Object> jobSpec(String node, String container, String image, String model) {
    Map<String, Object> spec = Objs.map("backoffLimit", 3, "kafkaSupport", false,
        "template", template(node, container, image));
    if (model != null) {
      spec.put("model", named(model));
    }
    return spec;
  }

  private void reidAndVideo() {
    String reidImg = "kubeedge/sedna-example-multi-edge-inference-reid:v0.1.0";
    String vaImg = "kubeedge/sedna-example-multi-edge-inference-videoanalytics:v0.1.0";
    batchJob(Kind.REID_JOB, DEMO, "reid-job", ago(5), "cloud-node", "reid", reidImg, null, 8, false);
    batchJob(Kind.VIDEO_ANALYTICS_JOB, DEMO, "video-analytics", ago(4), "edge-node", "videoanalytics", vaImg,
        "helmet-detection-big-model", 15, false);
    batchJob(Kind.VIDEO_ANALYTICS_JOB, EDGE_AI, "video-analytics-camera-2", ago(3), "edge-node-2",
        "videoanalytics", vaImg, "face-big-model", 4, true);
  }

  private void batchJob(Kind kind, String ns, String name, Instant created, String node, String workerType,
      String image, String model, int endAt, boolean fails) {
    BatchJobActor job = new BatchJobActor(kind, rnd, ns, name, created, jobSpec(node, workerType, image, model),
        endAt, fails);
    job.withPod(Pods.crPod(rnd, kind, ns, name, job.uid(), workerType, node, false, "Never",
        container(workerType, image, "video_url", "rtsp://camera.local/stream"), created.plusSeconds(1)));
    add(job);
  }

  private void k8sJobs() {
    K8sJobActor prep = new K8sJobActor(rnd, DEMO, "helmet-dataset-prep", ago(2), Map.of("app.kubernetes.io/part-of",
        "taskscope-demo", "sedna.io/dataset", "helmet-dataset"), "python:3.11-slim", 5, false);
    K8sJobActor index = new K8sJobActor(rnd, "sedna", "kb-index-rebuild", ago(3), Map.of("app.kubernetes.io/part-of",
        "sedna", "sedna", "kb"), "kubeedge/sedna-kb:v0.6.0", 9, true);
    add(prep, List.of(prep.job()));
    add(index, List.of(index.job()));
  }
}
