package io.taskscope.e2e.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.DemoStack;
import io.taskscope.e2e.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image as {@code bin/build-image} builds it: built twice to the same digest, loaded into podman (Debian's
 * podman with crun), run with a read-only root file system and no writable /tmp, as its non-root user, with /data
 * mounted; {@code /-/ready} and a push go through it. When this machine cannot run containers with podman the test runs
 * the image's root file system (unpacked by umoci) with unshare + chroot, read-only, as the image's user, and says so in
 * its output; it fails, never skips, when neither works. {@code -Dtaskscope.image.runner=chroot} forces the fallback.
 */
class ContainerImageTest {
  static final Path ROOT = DemoStack.repoRoot();
  static final String IMAGE = "ghcr.io/taskscope/taskscope:0.1.0";
  static final int UID = 65532;
  static Path out;
  static Path tmp;
  /** podman's storage: a short path of its own (podman refuses a run root longer than 50 characters). */
  static Path storage;
  /** The second build's output: a private temporary folder, where the first is the repository's target/image. */
  static Path again;
  static String buildReport;
  static String againReport;

  /**
   * Builds the image twice, at the same time, into two folders. The two builds share only their inputs: the jar (built
   * once by Maven; it is reproducible itself, the poms fix project.build.outputTimestamp), the JDK and the Debian
   * mirror. Each runs mmdebstrap (downloading the packages again), jdeps and jlink, and umoci and skopeo on its own;
   * nothing is cached between them. Running them side by side keeps the test near two minutes on two cores.
   */
  @BeforeAll
  static void build() throws Exception {
    out = ROOT.resolve("target").resolve("image");
    tmp = Files.createTempDirectory("taskscope-image");
    storage = Files.createTempDirectory(Path.of("/tmp"), "tsp");
    again = tmp.resolve("again");
    // bin/taskscope builds the jar when it is stale; once here, so the two builds do not both run Maven
    Run jar = run(Duration.ofMinutes(10), List.of(ROOT.resolve("bin/taskscope").toString(), "--version"));
    assertThat(jar.exit()).as("bin/taskscope --version:\n%s", jar.out()).isZero();
    long t0 = System.nanoTime();
    var first = runAsync(Duration.ofMinutes(10),
        List.of(ROOT.resolve("bin/build-image").toString(), "--out", out.toString()));
    var second = runAsync(Duration.ofMinutes(10),
        List.of(ROOT.resolve("bin/build-image").toString(), "--out", again.toString()));
    Run r = first.get();
    Run r2 = second.get();
    assertThat(r.exit()).as("bin/build-image failed:\n%s", r.out()).isZero();
    assertThat(r2.exit()).as("second bin/build-image failed:\n%s", r2.out()).isZero();
    buildReport = r.out();
    againReport = r2.out();
    System.out.printf("ContainerImageTest: two builds side by side took %d s%n%s%n",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), buildReport);
  }

  @AfterAll
  static void clean() throws Exception {
    if (storage != null) {
      run(Duration.ofMinutes(3), podman("rmi", "-a", "-f"));
      run(Duration.ofMinutes(5), List.of("rm", "-rf", "--one-file-system", storage.toString()));
    }
    if (tmp != null) {
      run(Duration.ofMinutes(5), List.of("rm", "-rf", "--one-file-system", tmp.toString()));
    }
  }

  @Test
  void theImageIsReproducibleTaggedAndSmall() throws Exception {
    String first = Files.readString(out.resolve("taskscope-0.1.0.digest")).strip();
    assertThat(first).startsWith("sha256:");
    String second = Files.readString(again.resolve("taskscope-0.1.0.digest")).strip();
    System.out.println("ContainerImageTest: digests " + first + " (target/image) and " + second + " (" + again + ")");
    if (!second.equals(first)) {
      System.out.println("ContainerImageTest: the layers' listings differ:\n" + layerListingDiff());
    }
    assertThat(second).as("two builds of the same commit give the same image digest").isEqualTo(first);
    assertThat(report(againReport, again)).as("the two builds' reports").isEqualTo(report(buildReport, out));
    assertThat(Files.mismatch(out.resolve("taskscope-0.1.0.oci.tar"), again.resolve("taskscope-0.1.0.oci.tar")))
        .as("OCI archives byte for byte").isEqualTo(-1L);
    assertThat(Files.mismatch(out.resolve("taskscope-0.1.0.docker.tar"), again.resolve("taskscope-0.1.0.docker.tar")))
        .as("docker archives byte for byte").isEqualTo(-1L);
    assertThat(buildReport).contains("image    " + IMAGE).containsPattern("(?m)^debian +base-files_\\S+ .*libc6_");
    Matcher m = Pattern.compile("size +([0-9.]+) MB unpacked").matcher(buildReport);
    assertThat(m.find()).as(buildReport).isTrue();
    assertThat(Double.parseDouble(m.group(1))).as("unpacked image size (MB), goal <= 150").isLessThanOrEqualTo(150.0);
  }

  /** The image's config as built, and the Dockerfile for Docker users: the same user, paths, entrypoint and command. */
  @Test
  void theConfigAndTheDockerfileAgree() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Path layout = out.resolve("work").resolve("oci");
    var index = json.readTree(layout.resolve("index.json").toFile());
    assertThat(index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo("0.1.0");
    var manifest = json.readTree(blob(layout, index.at("/manifests/0/digest").asText()).toFile());
    assertThat(manifest.at("/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo(IMAGE);
    assertThat(manifest.at("/layers")).hasSize(3);
    var config = json.readTree(blob(layout, manifest.at("/config/digest").asText()).toFile());
    var c = config.at("/config");
    assertThat(c.at("/User").asText()).isEqualTo(UID + ":" + UID);
    assertThat(c.at("/Entrypoint/0").asText()).isEqualTo("/opt/taskscope/bin/taskscope");
    assertThat(c.at("/Entrypoint")).hasSize(1);
    assertThat(c.at("/Cmd/0").asText()).isEqualTo("serve");
    assertThat(c.at("/Cmd")).hasSize(1);
    assertThat(c.at("/WorkingDir").asText()).isEqualTo("/data");
    assertThat(c.at("/Volumes").has("/data")).isTrue();
    assertThat(c.at("/ExposedPorts").has("9470/tcp")).isTrue();
    assertThat(config.at("/created").asText()).isEqualTo(config.at("/history/0/created").asText());

    String docker = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(docker).contains("USER " + UID + ":" + UID, "WORKDIR /data", "VOLUME /data", "EXPOSE 9470",
        "ENTRYPOINT [\"/opt/taskscope/bin/taskscope\"]", "CMD [\"serve\"]",
        "image/jlink-runtime", "COPY --chmod=0755 image/taskscope /opt/taskscope/bin/taskscope",
        "COPY --chmod=0755 bin/jvm-options /opt/taskscope/bin/jvm-options", "/opt/taskscope/runtime",
        "/opt/taskscope/taskscope.jar", "/opt/taskscope/lib/libsqlitejdbc.so", "FROM debian:bookworm-slim");
    String launcher = Files.readString(ROOT.resolve("image/taskscope"));
    assertThat(launcher).contains("/opt/taskscope/bin/jvm-options", "/opt/taskscope/runtime/bin/java",
        "/opt/taskscope/lib", "/opt/taskscope/taskscope.jar", "--data-dir /data");
    assertThat(Files.readString(ROOT.resolve("bin/taskscope"))).contains("bin/jvm-options");
  }

  /** bin/build-image's report without its progress lines (they have times) and with its output folder as OUT. */
  static String report(String output, Path dir) {
    return output.lines().filter(l -> !l.matches("build-image: \\d\\d:\\d\\d:\\d\\d .*"))
        .map(l -> l.replace(dir.toString(), "OUT")).collect(java.util.stream.Collectors.joining("\n"));
  }

  /** What differs between the two builds' layers (names, modes, owners, sizes, times), to say why digests differ. */
  static String layerListingDiff() throws Exception {
    StringBuilder d = new StringBuilder();
    for (String layer : List.of("layer-base.tar", "layer-runtime.tar", "layer-app.tar")) {
      Run diff = run(Duration.ofMinutes(2), List.of("bash", "-c", "diff <(tar --full-time -tvf \"$1\") "
          + "<(tar --full-time -tvf \"$2\") | head -40", "bash",
          out.resolve("work").resolve(layer).toString(), again.resolve("work").resolve(layer).toString()));
      d.append(layer).append(":\n").append(diff.out());
    }
    return d.toString();
  }

  static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
  }

  @Test
  void aBuildWithoutTheToolsNamesThePackagesToInstall() throws Exception {
    // a PATH with every command of this machine except mmdebstrap, umoci and skopeo
    Path bin = Files.createDirectories(tmp.resolve("path-without"));
    List<String> left = List.of("mmdebstrap", "umoci", "skopeo");
    for (String d : List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      if (!Files.isDirectory(Path.of(d))) {
        continue;
      }
      try (var s = Files.list(Path.of(d))) {
        for (Path f : s.toList()) {
          String n = f.getFileName().toString();
          if (!left.contains(n) && !Files.exists(bin.resolve(n), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(bin.resolve(n), f);
          }
        }
      }
    }
    Run r = run(Duration.ofMinutes(1), List.of("/usr/bin/env", "PATH=" + bin,
        ROOT.resolve("bin/build-image").toString(), "--out", tmp.resolve("never").toString()));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out().strip()).isEqualTo(
        "build-image: missing mmdebstrap umoci skopeo; install with: apt-get install mmdebstrap umoci skopeo");
    assertThat(tmp.resolve("never/work")).doesNotExist();
  }

  /** A JAVA_HOME with java and javac but no jlink (a JRE with a compiler, say): the build names what to install. */
  @Test
  void aBuildWithAJdkWithoutJlinkSaysWhatToInstall() throws Exception {
    String javaHome = System.getProperty("java.home");
    Path fake = Files.createDirectories(tmp.resolve("jdk-without-jlink").resolve("bin"));
    for (String t : List.of("java", "javac")) {
      Files.createSymbolicLink(fake.resolve(t), Path.of(javaHome, "bin", t));
    }
    Run r = run(Duration.ofMinutes(1), List.of("/usr/bin/env", "JAVA_HOME=" + fake.getParent(),
        ROOT.resolve("bin/build-image").toString(), "--out", tmp.resolve("never").toString()));
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.out().strip()).startsWith("build-image: " + fake.getParent() + " has no bin/jlink")
        .contains("apt-get install openjdk-21-jdk-headless", "temurin-21-jdk", "set JAVA_HOME");
  }

  /** No JDK >= 21 at all (JAVA_HOME unset, /usr/lib/jvm hidden under an empty tmpfs in a mount namespace of its own). */
  @Test
  void aBuildWithoutAJdkSaysWhatToInstall() throws Exception {
    Run r = run(Duration.ofMinutes(1), List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
        "if [ -d /usr/lib/jvm ]; then mount -t tmpfs none /usr/lib/jvm || exit 3; fi; exec env -u JAVA_HOME \"$@\"",
        "sh", ROOT.resolve("bin/build-image").toString(), "--out", tmp.resolve("never").toString()));
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.out().strip()).startsWith("build-image: no JDK >= 21")
        .contains("apt-get install openjdk-21-jdk-headless", "temurin-21-jdk", "set JAVA_HOME");
  }

  @Test
  void servesAndTakesPushesAsNonRootOnAReadOnlyRoot() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    run(Duration.ofSeconds(10), List.of("chown", UID + ":" + UID, data.toString()));
    int port = ServerProcess.freePort();
    String why = System.getProperty("taskscope.image.runner", "podman").equals("chroot")
        ? "forced by -Dtaskscope.image.runner=chroot" : podmanCannotRunContainers();
    ServerProcess s;
    if (why == null) {
      s = startWithPodman(data, port);
    } else {
      System.out.println("ContainerImageTest: NOT using a container runtime: running the image's root file system with "
          + "unshare + chroot instead, because " + why);
      s = startWithChroot(data, port);
    }
    try (ServerProcess server = s) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics/job/image_test"))
          .PUT(HttpRequest.BodyPublishers.ofString("# TYPE image_pushed gauge\nimage_pushed 42\n")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isBetween(200, 299);
      String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).containsPattern("image_pushed\\{[^}]*job=\"image_test\"[^}]*} 42");

      long pid = javaPid(server);
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      assertThat(status).as("the JVM runs as the image's user").containsPattern("(?m)^Uid:\\s+" + UID + "\\s+" + UID);
      String mounts = Files.readString(Path.of("/proc", Long.toString(pid), "mountinfo"));
      assertThat(mounts.lines().filter(l -> l.split(" ")[4].equals("/")).findFirst().orElseThrow())
          .as("root file system read-only").containsPattern(" (ro|ro,[^ ]*) ");
      assertThat(mounts.lines().noneMatch(l -> l.split(" ")[4].equals("/tmp")))
          .as("no /tmp mount: sqlite-jdbc must not need a writable java.io.tmpdir").isTrue();
      String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
      assertThat(cmdline).as("the launcher's defaults: bin/jvm-options' push-only profile and --data-dir /data")
          .contains("-XX:+UseSerialGC", "-Xmx36m", "-Xshare:off", "serve --data-dir /data --push-only");
      assertThat(data.resolve("push.db")).as("the push store lives in /data").exists();
      assertThat(Files.getOwner(data.resolve("push.db")).getName()).isIn(Integer.toString(UID), "taskscope");
    }
  }

  /**
   * Why podman cannot run containers here, or null when it can: installed, loads the docker archive under the image's
   * name, and runs a shell from the image (a failure of TaskScope itself in podman is a test failure, not a reason).
   */
  static String podmanCannotRunContainers() throws Exception {
    if (run(Duration.ofMinutes(1), List.of("sh", "-c", "command -v podman")).exit() != 0) {
      return "podman is not installed (bin/test installs Debian's podman and crun)";
    }
    Run load = run(Duration.ofMinutes(5), podman("load", "-i", out.resolve("taskscope-0.1.0.docker.tar").toString()));
    if (load.exit() != 0) {
      return "podman load failed: " + load.out().strip();
    }
    assertThat(load.out()).contains("Loaded image: " + IMAGE);
    Run probe = run(Duration.ofMinutes(2), podman(runOptions("--entrypoint", "/bin/sh", IMAGE, "-c", "exit 0")));
    return probe.exit() == 0 ? null : "podman cannot run a container here: " + probe.out().strip();
  }

  static String[] runOptions(String... more) throws Exception {
    List<String> o = new ArrayList<>(List.of("run", "--rm", "--network=host", "--cgroups=disabled", "--read-only",
        "--read-only-tmpfs=false", "--ulimit", "nofile=" + hardLimit("-n", 65536) + ":" + hardLimit("-n", 65536),
        "--ulimit", "nproc=4096:4096"));
    o.addAll(List.of(more));
    return o.toArray(String[]::new);
  }

  /** The image in podman, removed when it stops. */
  static ServerProcess startWithPodman(Path data, int port) throws Exception {
    System.out.println("ContainerImageTest: running the image with podman");
    List<String> cmd = podman(runOptions("--name", "taskscope-image-test-" + port, "-v", data + ":/data", IMAGE,
        "serve", "--push-only", "--host", "127.0.0.1", "--port", Integer.toString(port)));
    Path dir = Files.createDirectories(tmp.resolve("podman-run"));
    return ServerProcess.start("taskscope image (podman)", dir, cmd, "http://127.0.0.1:" + port, "/-/ready",
        Duration.ofSeconds(90));
  }

  /**
   * The image's root file system (umoci unpack of the OCI archive) bind-mounted read-only in a mount and PID namespace
   * of its own, /data bind-mounted, /proc fresh, the entrypoint started by chroot as the image's user.
   */
  static ServerProcess startWithChroot(Path data, int port) throws Exception {
    Path layout = Files.createDirectories(tmp.resolve("oci"));
    Run x = run(Duration.ofMinutes(2), List.of("tar", "-C", layout.toString(), "-xf",
        out.resolve("taskscope-0.1.0.oci.tar").toString()));
    assertThat(x.exit()).as(x.out()).isZero();
    Path bundle = tmp.resolve("bundle");
    Run u = run(Duration.ofMinutes(3), List.of("umoci", "unpack", "--image", layout + ":0.1.0", bundle.toString()));
    assertThat(u.exit()).as("umoci unpack (bin/test installs umoci): %s", u.out()).isZero();
    Path rootfs = bundle.resolve("rootfs");
    String script = String.join("\n",
        "set -e",
        "R='" + rootfs + "'",
        "mount --make-rprivate /",
        "mount --bind \"$R\" \"$R\"",
        "mount -o remount,bind,ro \"$R\"",
        "mount --bind '" + data + "' \"$R/data\"",
        "mount -t proc proc \"$R/proc\"",
        "cd \"$R/data\"",
        "exec chroot --userspec=" + UID + ":" + UID + " \"$R\" /opt/taskscope/bin/taskscope "
            + "serve --push-only --host 127.0.0.1 --port " + port,
        "");
    Path sh = tmp.resolve("chroot-run.sh");
    Files.writeString(sh, script);
    Path dir = Files.createDirectories(tmp.resolve("chroot-run"));
    return ServerProcess.start("taskscope image (chroot)", dir,
        List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", sh.toString()),
        "http://127.0.0.1:" + port, "/-/ready", Duration.ofSeconds(90));
  }

  /**
   * podman with the test's own storage. crun 1.8 refuses cgroups in "hybrid" mode (v1 controllers plus a v2 hierarchy
   * holding one): each podman runs in a mount namespace of its own without the v2 mount, and the container without
   * cgroups (--cgroups=disabled); limits are given explicitly because podman's defaults (nofile 1048576) may exceed
   * what this machine allows.
   */
  static List<String> podman(String... args) {
    List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c",
        "umount /sys/fs/cgroup/unified 2>/dev/null; exec \"$@\"", "podman",
        "podman", "--root", storage + "/root", "--runroot", storage + "/run", "--cgroup-manager=cgroupfs"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static String hardLimit(String flag, long cap) throws Exception {
    Run r = run(Duration.ofSeconds(10), List.of("sh", "-c", "ulimit -H " + flag));
    String v = r.out().strip();
    return v.equals("unlimited") ? Long.toString(cap) : Long.toString(Math.min(cap, Long.parseLong(v)));
  }

  /** The JVM's process id: the launcher execs java, so it is the process whose command line runs the image's java. */
  static long javaPid(ServerProcess server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try {
            String c = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
            if (c.startsWith("/opt/taskscope/runtime/bin/java ") && c.contains("--port " + server.port())) {
              return Long.parseLong(p.getFileName().toString());
            }
          } catch (IOException gone) {
            // the process ended while we looked
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no /opt/taskscope/runtime/bin/java process for port " + server.port() + ": " + server.log());
  }

  record Run(int exit, String out) {}

  /** {@link #run} in a thread of its own. */
  static java.util.concurrent.CompletableFuture<Run> runAsync(Duration timeout, List<String> cmd) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return run(timeout, cmd);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, task -> Thread.ofPlatform().daemon().name("build-image").start(task));
  }

  static Run run(Duration timeout, List<String> cmd) throws Exception {
    Path log = Files.createTempFile("taskscope-image", ".log",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout + ": "
            + Files.readString(log));
      }
      return new Run(p.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
