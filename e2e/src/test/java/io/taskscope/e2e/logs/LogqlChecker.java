package io.taskscope.e2e.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.taskscope.e2e.DemoStack;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs e2e/js/logql-check.mjs, Grafana's LogQL grammar (@grafana/lezer-logql), over a batch of queries in one Node
 * process and returns what it found for each.
 */
final class LogqlChecker {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Matcher(String label, String op, String value) {}

  record Selector(String text, List<Matcher> matchers) {}

  record SyntaxError(int from, int line, int column, String near) {}

  record Report(String source, String query, List<SyntaxError> errors, List<Selector> selectors,
      List<String> selectorLabels, List<String> groupingLabels) {}

  private LogqlChecker() {}

  static Path script() {
    return DemoStack.repoRoot().resolve("e2e").resolve("js").resolve("logql-check.mjs");
  }

  static List<Report> check(List<ShippedQueries.Query> queries) throws IOException, InterruptedException {
    Path js = script();
    if (!Files.isDirectory(js.resolveSibling("node_modules").resolve("@grafana").resolve("lezer-logql"))) {
      throw new IllegalStateException("e2e/js/node_modules is missing: bin/test runs `npm ci` in e2e/js");
    }
    ArrayNode input = JSON.createArrayNode();
    for (ShippedQueries.Query q : queries) {
      input.addObject().put("source", q.source()).put("query", q.text());
    }
    Process p = new ProcessBuilder("node", js.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try (OutputStream in = p.getOutputStream()) {
      in.write(JSON.writeValueAsBytes(input));
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("logql-check.mjs did not finish within 60 s");
    }
    if (p.exitValue() > 1) {
      throw new IllegalStateException("logql-check.mjs failed with exit code " + p.exitValue());
    }
    JsonNode reports = JSON.readTree(new String(out.join(), StandardCharsets.UTF_8));
    List<Report> result = new ArrayList<>();
    for (JsonNode r : reports) {
      List<SyntaxError> errors = new ArrayList<>();
      r.get("errors").forEach(e -> errors.add(new SyntaxError(e.get("from").asInt(), e.get("line").asInt(),
          e.get("column").asInt(), e.get("near").asText())));
      List<Selector> selectors = new ArrayList<>();
      for (JsonNode s : r.get("selectors")) {
        List<Matcher> matchers = new ArrayList<>();
        s.get("matchers").forEach(m -> matchers.add(new Matcher(m.get("label").asText(),
            m.get("op").isNull() ? null : m.get("op").asText(), m.get("value").isNull() ? null : m.get("value").asText())));
        selectors.add(new Selector(s.get("text").asText(), matchers));
      }
      result.add(new Report(r.get("source").asText(), r.get("query").asText(), errors, selectors,
          texts(r.get("selectorLabels")), texts(r.get("groupingLabels"))));
    }
    if (result.size() != queries.size()) {
      throw new IllegalStateException("logql-check.mjs answered " + result.size() + " of " + queries.size());
    }
    return result;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
