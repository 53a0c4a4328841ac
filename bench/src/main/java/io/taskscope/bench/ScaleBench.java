package io.taskscope.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.MetricSource;
import io.taskscope.core.ObjectStore;
import io.taskscope.core.RenderedObject;
import io.taskscope.kube.sedna.SednaDefaults;
import io.taskscope.server.TaskScopeServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue-3 scale benchmark, run by hand: N generated Sedna custom resources (default 10,000) in a mock API server in a
 * second JVM; TaskScope in this JVM watches them. Prints the time of a full /metrics render, the delay from a status
 * change to its new value being served, and the heap TaskScope holds, each with its ratio to the target.
 *
 * <pre>mvn -q -pl bench -am package -DskipTests && java -cp "$(cat bench/target/classpath.txt):bench/target/classes" io.taskscope.bench.ScaleBench 10000</pre>
 */
public final class ScaleBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int renders = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int updates = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process api = new ProcessBuilder(java, "-Xmx3g", "-cp", System.getProperty("java.class.path"),
        ApiServerMain.class.getName(), String.valueOf(n)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader apiOut = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
    String ready;
    while ((ready = apiOut.readLine()) != null && !ready.startsWith("READY ")) {
      // skip log lines
    }
    if (ready == null) {
      throw new IllegalStateException("mock API server did not start");
    }
    String url = ready.split(" ")[1];
    System.out.printf("api server ready at %s with %s objects%n", url, ready.split(" ")[2]);
    try (OutputStream apiIn = api.getOutputStream()) {
      run(url, n, renders, updates);
    } finally {
      api.waitFor();
    }
  }

  private static void run(String url, int n, int renders, int updates) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl(url).withTrustCerts(true).withNamespace("default").build())
        .build();
    gc();
    long heapBefore = heapUsed();
    long t0 = System.nanoTime();
    TaskScopeServer server = TaskScopeServer.start(client, SednaDefaults.config(), "127.0.0.1", 0, 0);
    List<ObjectStore> stores = new ArrayList<>();
    for (MetricSource s : server.watcher().sources()) {
      if (s instanceof ObjectStore os) {
        stores.add(os);
      }
    }
    while (stores.stream().mapToInt(ObjectStore::size).sum() < n) {
      Thread.sleep(20);
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    gc();
    long heap = heapUsed() - heapBefore;

    Exposition exposition = new Exposition(new PrometheusRegistry(), server.watcher()::sources);
    CountingStream sink = new CountingStream();
    for (int i = 0; i < 10; i++) {
      exposition.write(sink, Exposition.Format.TEXT);
    }
    double[] text = timeRenders(exposition, Exposition.Format.TEXT, renders);
    double[] om = timeRenders(exposition, Exposition.Format.OPENMETRICS, renders);
    sink.reset();
    exposition.write(sink, Exposition.Format.TEXT);
    long bytes = sink.count;
    long lines = sink.lines;
    String dump = System.getenv("BENCH_DUMP");
    if (dump != null) {
      try (OutputStream f = java.nio.file.Files.newOutputStream(Path.of(dump))) {
        exposition.write(f, Exposition.Format.TEXT);
      }
    }

    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Accept", "text/plain").build();
    double[] overHttp = new double[renders];
    for (int i = 0; i < renders + 5; i++) {
      long s = System.nanoTime();
      HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + r.statusCode());
      }
      if (i >= 5) {
        overHttp[i - 5] = (System.nanoTime() - s) / 1e6;
      }
    }

    double[] delays = measureDelays(client, stores, n, updates);

    System.out.println();
    System.out.printf("objects: %d   series lines: %d   /metrics bytes: %d   initial list+render: %.2f s%n",
        n, lines, bytes, loadSeconds);
    System.out.printf("full render, in process, text 0.0.4 : p50 %.1f ms  p99 %.1f ms   (target < 50 ms: ratio p99/target %.2f)%n",
        pct(text, 50), pct(text, 99), pct(text, 99) / 50);
    System.out.printf("full render, in process, OpenMetrics: p50 %.1f ms  p99 %.1f ms%n", pct(om, 50), pct(om, 99));
    System.out.printf("full scrape over HTTP (loopback)    : p50 %.1f ms  p99 %.1f ms%n", pct(overHttp, 50),
        pct(overHttp, 99));
    System.out.printf("status change -> new value served   : p50 %.1f ms  p99 %.1f ms  max %.1f ms over %d updates"
        + "   (target p99 < 100 ms: ratio %.2f)%n", pct(delays, 50), pct(delays, 99), pct(delays, 100), delays.length,
        pct(delays, 99) / 100);
    System.out.printf("heap held by TaskScope after GC     : %.1f MB   (target < 300 MB: ratio %.2f)%n",
        heap / 1048576.0, heap / 1048576.0 / 300);
    server.close();
    client.close();
  }

  private static double[] timeRenders(Exposition exposition, Exposition.Format f, int renders) throws Exception {
    double[] out = new double[renders];
    CountingStream sink = new CountingStream();
    for (int i = 0; i < renders; i++) {
      long s = System.nanoTime();
      exposition.write(sink, f);
      out[i] = (System.nanoTime() - s) / 1e6;
    }
    return out;
  }

  /** Updates Datasets one at a time and waits until the new sample count is in the rendered lines. */
  private static double[] measureDelays(KubernetesClient client, List<ObjectStore> stores, int n, int updates)
      throws Exception {
    Random rnd = new Random(7);
    List<Double> out = new ArrayList<>();
    int kinds = SednaObjects.KINDS.size();
    int datasetSlot = SednaObjects.KINDS.indexOf(io.taskscope.sdk.SednaNames.Kind.DATASET);
    for (int u = 0; u < updates; u++) {
      int i = (rnd.nextInt(n / kinds)) * kinds + datasetSlot;
      if (i >= n) {
        continue;
      }
      var res = client.genericKubernetesResources(ApiServerMain.context(io.taskscope.sdk.SednaNames.Kind.DATASET))
          .inNamespace("bench-" + (i % 10)).withName("dataset-" + i);
      GenericKubernetesResource r = res.get();
      long marker = 700_000L + u; // below 1e6, so the value is written as plain digits
      r.setAdditionalProperty("status", SednaObjects.status("Dataset", i, marker - 1826));
      String uid = r.getMetadata().getUid();
      byte[] needle = (" " + marker + "\n").getBytes(StandardCharsets.UTF_8);
      long s = System.nanoTime();
      res.updateStatus(r);
      long deadline = s + 5_000_000_000L;
      boolean seen = false;
      while (!seen && System.nanoTime() < deadline) {
        for (ObjectStore st : stores) {
          RenderedObject o = st.get(uid);
          if (o != null && contains(o, needle)) {
            seen = true;
            break;
          }
        }
        if (!seen) {
          Thread.onSpinWait();
        }
      }
      out.add(seen ? (System.nanoTime() - s) / 1e6 : 5000.0);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static boolean contains(RenderedObject o, byte[] needle) {
    for (int f = 0; f < o.familyCount(); f++) {
      byte[] b = o.lines(f);
      outer:
      for (int i = 0; i + needle.length <= b.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (b[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
    }
    return false;
  }

  private static double pct(double[] values, double p) {
    double[] s = values.clone();
    Arrays.sort(s);
    if (s.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, idx))];
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static final class CountingStream extends OutputStream {
    long count;
    long lines;

    void reset() {
      count = 0;
      lines = 0;
    }

    @Override
    public void write(int b) {
      count++;
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          lines++;
        }
      }
    }
  }
}
