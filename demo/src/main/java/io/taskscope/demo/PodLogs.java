package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The log of a demo worker container, made up from the pod as the simulation left it: its role (Sedna's worker-type
 * label), when its container started and stopped, and whether it failed. A line's text depends only on the seed, the
 * pod name and the line's index, so the same request gives the same answer and tests can look for words such as
 * {@code hard example}, {@code epoch} or {@code ERROR}.
 */
final class PodLogs {
  /** Lines answered at most when no tailLines is asked (an LC pod of a 9-day-old node would have 50,000). */
  static final int MAX_LINES = 20_000;
  /** Kubelet's timestamps=true format: RFC 3339 with fixed nanoseconds. */
  static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
      .withZone(ZoneOffset.UTC);

  /** What the log API was asked, as its query parameters say. */
  record Request(String container, Integer tailLines, boolean timestamps, Long limitBytes, Instant sinceTime) {
  }

  /** The answer: a status code and its text (a Status message for errors). */
  record Answer(int code, String body) {
  }

  private final long seed;
  private final Supplier<Instant> clock;

  PodLogs(long seed, Supplier<Instant> clock) {
    this.seed = seed;
    this.clock = clock;
  }

  Answer log(Pod pod, Request req) {
    String podName = pod.getMetadata().getName();
    List<String> names = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    String container = req.container();
    if (container == null || container.isEmpty()) {
      if (names.size() != 1) {
        return new Answer(400, "a container name must be specified for pod " + podName + ", choose one of: "
            + names);
      }
      container = names.get(0);
    }
    String name = container;
    Container spec = pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
        .orElse(null);
    if (spec == null) {
      return new Answer(400, "container " + container + " is not valid for pod " + podName);
    }
    Run run = run(pod, container);
    if (run == null) {
      return new Answer(400, "container \"" + container + "\" in pod \"" + podName
          + "\" is waiting to start: ContainerCreating");
    }
    List<Line> lines = lines(pod, spec, run, req);
    StringBuilder out = new StringBuilder();
    for (Line l : lines) {
      if (req.timestamps()) {
        out.append(STAMP.format(l.time())).append(' ');
      }
      out.append(l.text()).append('\n');
    }
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    if (req.limitBytes() != null && req.limitBytes() >= 0 && bytes.length > req.limitBytes()) {
      // the API cuts at the byte limit, even inside a line
      return new Answer(200, new String(bytes, 0, req.limitBytes().intValue(), StandardCharsets.UTF_8));
    }
    return new Answer(200, out.toString());
  }

  /** The container run whose log the API shows: when it started, when it ended, how. */
  record Run(Instant start, Instant end, boolean failed, String exitReason, int restarts, String lastReason) {
  }

  Run run(Pod pod, String container) {
    List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of() : pod.getStatus().getContainerStatuses();
    ContainerStatus cs = statuses.stream().filter(s -> container.equals(s.getName())).findFirst().orElse(null);
    if (cs == null || cs.getState() == null) {
      return null;
    }
    ContainerState st = cs.getState();
    ContainerState last = cs.getLastState();
    int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    String lastReason = last != null && last.getTerminated() != null ? last.getTerminated().getReason() : null;
    if (st.getRunning() != null) {
      return new Run(time(st.getRunning().getStartedAt()), clock.get(), false, null, restarts, lastReason);
    }
    if (st.getTerminated() != null) {
      var t = st.getTerminated();
      return new Run(time(t.getStartedAt()), time(t.getFinishedAt()), t.getExitCode() != null && t.getExitCode() != 0,
          t.getReason(), restarts, lastReason);
    }
    if (last != null && last.getTerminated() != null) { // CrashLoopBackOff: the log of the run that crashed
      var t = last.getTerminated();
      return new Run(time(t.getStartedAt()), time(t.getFinishedAt()), true, t.getReason(), restarts - 1, null);
    }
    return null;
  }

  record Line(Instant time, String text) {
  }

  /** Start-up lines, one line per period of the role until the run ends, then the error and its trace if it failed. */
  List<Line> lines(Pod pod, Container c, Run run, Request req) {
    Role role = Role.of(pod, c);
    long salt = seed * 0x9E3779B97F4A7C15L ^ pod.getMetadata().getName().hashCode();
    List<Line> startup = startup(pod, c, run);
    long span = Math.max(0, run.end().getEpochSecond() - run.start().getEpochSecond() - 2);
    long periodic = span / role.period;
    List<Line> failure = run.failed() ? failure(role, run, salt) : List.of();
    long total = startup.size() + periodic + failure.size();
    long limit = req.tailLines() != null && req.tailLines() >= 0 ? Math.min(req.tailLines(), MAX_LINES) : MAX_LINES;
    List<Line> out = new ArrayList<>();
    for (long i = Math.max(0, total - limit); i < total; i++) {
      Line l;
      if (i < startup.size()) {
        l = startup.get((int) i);
      } else if (i < startup.size() + periodic) {
        long j = i - startup.size();
        long h = mix(salt + j);
        Instant t = run.start().plusSeconds(2 + (j + 1) * role.period).plusMillis(Math.floorMod(h, 900));
        l = new Line(t, role.line(j, h));
      } else {
        l = failure.get((int) (i - startup.size() - periodic));
      }
      if (req.sinceTime() == null || !l.time().isBefore(req.sinceTime())) {
        out.add(l);
      }
    }
    return out;
  }

  private List<Line> startup(Pod pod, Container c, Run run) {
    Instant t = run.start();
    List<Line> l = new ArrayList<>();
    l.add(new Line(t.plusMillis(120), "INFO starting " + c.getName() + " (" + c.getImage() + ") on node "
        + pod.getSpec().getNodeName()));
    if (run.restarts() > 0 && run.lastReason() != null) {
      l.add(new Line(t.plusMillis(180), "WARNING container restarted " + run.restarts() + " time(s); last exit: "
          + run.lastReason()));
    }
    Map<String, String> env = env(c);
    if (env.containsKey("MODEL_URL")) {
      l.add(new Line(t.plusMillis(900), "INFO loading model from " + env.get("MODEL_URL")));
    }
    if (env.containsKey("LC_SERVER")) {
      l.add(new Line(t.plusMillis(1200), "INFO connected to local controller " + env.get("LC_SERVER")));
    }
    l.add(new Line(t.plusMillis(1500), "INFO worker ready"));
    return l;
  }

  private static List<Line> failure(Role role, Run run, long salt) {
    Instant t = run.end().minusMillis(800);
    String what = switch (role) {
      case TRAIN, FL_TRAIN -> "RuntimeError: CUDA error: out of memory (tried to allocate 512.00 MiB)";
      case EVAL -> "ValueError: evaluation dataset is empty: no sample matches the index";
      case FL_AGG -> "ConnectionError: lost connection to training worker (websocket closed)";
      default -> "RuntimeError: inference backend crashed (" + (run.exitReason() == null ? "Error"
          : run.exitReason()) + ")";
    };
    String file = switch (role) {
      case TRAIN, FL_TRAIN -> "train.py";
      case EVAL -> "eval.py";
      case FL_AGG -> "aggregate.py";
      default -> "inference.py";
    };
    int lineNo = 40 + (int) Math.floorMod(mix(salt ^ 0xFA11L), 200);
    return List.of(
        new Line(t, "ERROR " + role.label + " failed: " + what.substring(what.indexOf(':') + 2)),
        new Line(t.plusMillis(1), "Traceback (most recent call last):"),
        new Line(t.plusMillis(2), "  File \"/home/work/" + file + "\", line " + lineNo + ", in <module>"),
        new Line(t.plusMillis(3), "  File \"/usr/local/lib/python3.8/site-packages/sedna/core/base.py\", line 117,"
            + " in run"),
        new Line(t.plusMillis(4), what),
        new Line(t.plusMillis(500), "ERROR worker exited with code 1"));
  }

  static Map<String, String> env(Container c) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    if (c.getEnv() != null) {
      for (EnvVar e : c.getEnv()) {
        m.put(e.getName(), e.getValue());
      }
    }
    return m;
  }

  static Instant time(String s) {
    return s == null ? Instant.EPOCH : Instant.parse(s);
  }

  /** SplitMix64's finalizer: a well-spread value from a line's index. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** What a worker does, from Sedna's worker-type label, and what it writes every {@link #period} seconds. */
  enum Role {
    JI_EDGE(3, "edge inference"), JI_CLOUD(3, "cloud inference"), INFER(4, "inference"), TRAIN(4, "training"),
    EVAL(5, "evaluation"), FL_AGG(6, "aggregation"), FL_TRAIN(5, "federated training"), OTHER(15, "worker");

    final int period;
    final String label;

    Role(int period, String label) {
      this.period = period;
      this.label = label;
    }

    static Role of(Pod pod, Container c) {
      Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (!e.getKey().endsWith(".sedna.io/worker-type")) {
          continue;
        }
        String kind = e.getKey().substring(0, e.getKey().indexOf('.'));
        String type = e.getValue().toLowerCase(Locale.ROOT);
        boolean fl = kind.equals("federatedlearningjob");
        return switch (type) {
          case "edge" -> JI_EDGE;
          case "cloud" -> JI_CLOUD;
          case "inference" -> INFER;
          case "train" -> fl ? FL_TRAIN : TRAIN;
          case "eval" -> EVAL;
          case "aggregation" -> FL_AGG;
          default -> OTHER;
        };
      }
      return OTHER;
    }

    /** Line {@code j} of the run; {@code h} is its random draw. */
    String line(long j, long h) {
      int a = (int) Math.floorMod(h, 1000);
      int b = (int) Math.floorMod(h >>> 20, 1000);
      return switch (this) {
        case JI_EDGE, INFER -> a % 6 == 0
            ? "INFO hard example found: frame=" + (j + 1) + " score=" + dec(0.30 + b / 2500.0)
                + " (IBT threshold_img=0.9), sent to cloud for inference"
            : "INFO inference frame=" + (j + 1) + " objects=" + (a % 7) + " latency=" + (18 + b % 40) + "ms";
        case JI_CLOUD -> "INFO big model inference for edge request frame=" + (j * 6 + 1) + " boxes=" + (a % 9)
            + " latency=" + (80 + b % 120) + "ms";
        case TRAIN -> {
          long epoch = j / 20 + 1;
          double loss = 2.4 / (1 + j / 15.0) + a / 10000.0;
          yield "INFO epoch " + epoch + " step " + (j % 20 + 1) + "/20 loss=" + dec(loss) + " accuracy="
              + dec(Math.min(0.99, 0.35 + j / (j + 40.0) * 0.6 - b / 20000.0));
        }
        case EVAL -> "INFO eval batch " + (j + 1) + ": precision=" + dec(0.70 + a / 4000.0) + " recall="
            + dec(0.65 + b / 4000.0) + " f1=" + dec(0.67 + (a + b) / 8000.0);
        case FL_AGG -> "INFO round " + (j / 2 + 1) + ": received weights from client " + (j % 2 + 1)
            + "/2, aggregated loss=" + dec(1.2 / (1 + j / 4.0) + a / 10000.0) + " accuracy="
            + dec(Math.min(0.98, 0.5 + j / (j + 10.0) * 0.45));
        case FL_TRAIN -> "INFO round " + (j / 3 + 1) + " epoch 1 batch " + (j % 3 + 1) + "/3 loss="
            + dec(1.5 / (1 + j / 6.0) + a / 10000.0) + ", weights sent to aggregator";
        case OTHER -> "INFO heartbeat ok, processed " + (j * 10 + a % 10) + " items";
      };
    }

    private static String dec(double v) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
  }
}
