package io.taskscope.e2e.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.e2e.DemoStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Grafana's schema check: {@code e2e/js/grafana-schema-check.mjs} type-checks each dashboard against the
 * {@code Dashboard} type of {@code @grafana/schema} and each panel's options against its plugin's generated types,
 * with the TypeScript compiler ({@code bin/test} runs {@code npm ci} in {@code e2e/js}).
 */
final class SchemaCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaCheck() {}

  /** Problems per file (absolute path); an empty list means the file is valid. */
  static Map<Path, List<String>> run(List<Path> files) throws Exception {
    Path js = DemoStack.repoRoot().resolve("e2e").resolve("js");
    if (!Files.isDirectory(js.resolve("node_modules").resolve("@grafana").resolve("schema"))
        || !Files.isDirectory(js.resolve("node_modules").resolve("typescript"))) {
      throw new IllegalStateException("e2e/js/node_modules lacks @grafana/schema or typescript: run npm ci in e2e/js"
          + " (bin/test does)");
    }
    List<String> cmd = new ArrayList<>(List.of("node", js.resolve("grafana-schema-check.mjs").toString()));
    files.forEach(f -> cmd.add(f.toAbsolutePath().toString()));
    Path out = Files.createTempFile("grafana-schema-", ".json");
    Path err = Files.createTempFile("grafana-schema-", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("schema check did not finish within 120 s");
      }
      if (p.exitValue() > 1) {
        throw new IllegalStateException("schema check failed (exit " + p.exitValue() + "): "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      JsonNode result = JSON.readTree(out.toFile()).path("files");
      Map<Path, List<String>> problems = new LinkedHashMap<>();
      result.properties().forEach(e -> {
        List<String> list = new ArrayList<>();
        e.getValue().forEach(m -> list.add(m.asText()));
        problems.put(Path.of(e.getKey()), list);
      });
      if (problems.size() != files.size()) {
        throw new IllegalStateException("schema check reported " + problems.size() + " of " + files.size() + " files");
      }
      return problems;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
