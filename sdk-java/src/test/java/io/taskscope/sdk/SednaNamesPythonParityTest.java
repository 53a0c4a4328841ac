package io.taskscope.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Python SDK's Sedna names ({@code sdk-python/taskscope_sdk/sedna.py}) equal {@link SednaNames}. python3 imports
 * the module and prints every upper-case constant as one line {@code NAME<TAB>json}; the Java side renders its value
 * the same way (tuples as lists in order, dicts with sorted keys), so a mismatch shows both texts.
 */
class SednaNamesPythonParityTest {
  private static final String SCRIPT = """
      import json, sys
      sys.path.insert(0, sys.argv[1])
      from taskscope_sdk import sedna
      for name, value in vars(sedna).items():
          if name.lstrip("_").isupper() and isinstance(value, (str, tuple, dict)):
              print(name + "\\t" + json.dumps(value, sort_keys=isinstance(value, dict)))
      """;

  private static Map<String, String> python;

  @BeforeAll
  static void importPythonSdk() throws Exception {
    Path sdk = repository().resolve("sdk-python");
    String exe = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p = new ProcessBuilder(exe, "-c", SCRIPT, sdk.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    python = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        python.put(line.substring(0, tab), line.substring(tab + 1).strip());
      }
    }
  }

  private static Path repository() throws IOException {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("sdk-python/taskscope_sdk/sedna.py"))) {
        return d;
      }
    }
    throw new IOException("sdk-python/ not found above " + Path.of("").toAbsolutePath());
  }

  /** The Python side's expected constants, rendered like {@code json.dumps}. */
  private static Map<String, String> java() {
    Map<String, String> lower = new TreeMap<>();
    SednaNames.METRIC_PREFIXES.keySet().forEach(k -> lower.put(k.toLowerCase(java.util.Locale.ROOT), k));
    List<List<String>> workerPrefixes = new ArrayList<>();
    SednaNames.WORKER_PREFIXES.forEach((k, v) -> workerPrefixes.add(List.of(k, v)));
    Map<String, String> m = new LinkedHashMap<>();
    m.put("JOB", json(SednaNames.JOB));
    m.put("KINDS", json(lower));
    m.put("PREFIX", json(SednaNames.METRIC_PREFIXES));
    m.put("TASK_STAGES", json(SednaNames.TASK_STAGES));
    m.put("CURRENT_STATUSES", json(SednaNames.CURRENT_STATUSES));
    m.put("DEPLOY_STATUSES", json(SednaNames.DEPLOY_STATUSES));
    m.put("TRAIN_STATUSES", json(SednaNames.TRAIN_STATUSES));
    m.put("LL_TASK_STATUSES", json(SednaNames.LL_TASK_STATUSES));
    m.put("LOCATIONS", json(SednaNames.LOCATIONS));
    m.put("TASK_TYPES", json(SednaNames.TASK_TYPES));
    m.put("LL_TASK_INFO_STATUSES", json(SednaNames.LL_TASK_INFO_STATUSES));
    m.put("LL_TASK_WORKS", json(SednaNames.LL_TASK_WORKS));
    m.put("LL_WORKER_STATUSES", json(SednaNames.LL_WORKER_STATUSES));
    m.put("MODELS", json(SednaNames.MODELS));
    m.put("MODEL_KINDS", json(SednaNames.MODEL_KINDS));
    m.put("_WORKER_PREFIXES", json(workerPrefixes));
    m.put("_HELP", json(SednaNames.WORKER_METRICS));
    return m;
  }

  /** {@code json.dumps} of strings, lists and maps (keys sorted), Python's default separators, ASCII only. */
  static String json(Object o) {
    if (o instanceof String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20 || c > 0x7e) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      return b.append('"').toString();
    }
    if (o instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(e -> parts.add(json(e)));
      return "[" + String.join(", ", parts) + "]";
    }
    Map<?, ?> m = (Map<?, ?>) o;
    List<String> parts = new ArrayList<>();
    new TreeMap<>(m).forEach((k, v) -> parts.add(json(k) + ": " + json(v)));
    return "{" + String.join(", ", parts) + "}";
  }

  @Test
  void everyPythonConstantIsCheckedAgainstJava() {
    assertThat(python.keySet()).containsExactlyInAnyOrderElementsOf(java().keySet());
  }

  @Test
  void pythonNamesEqualSednaNames() {
    java().forEach((name, expected) -> assertThat(python.get(name)).as(name).isEqualTo(expected));
  }

  @Test
  void orderedJavaMapsKeepThePythonOrder() {
    // json() sorts dict keys; the worker prefixes are tried in order and the Python tuple keeps it
    assertThat(python.get("_WORKER_PREFIXES")).startsWith("[[\"edgeworker\", \"edge\"], [\"cloudworker\"");
  }

  @Test
  void jsonRendersLikePython() {
    assertThat(json(Map.of("b", List.of("x\"y"), "a", "é"))).isEqualTo("{\"a\": \"\\u00e9\", \"b\": [\"x\\\"y\"]}");
  }
}
