package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.push.GroupingKey;
import io.taskscope.push.ProtobufBody;
import io.taskscope.push.PushException;
import io.taskscope.push.SimplepipeMetrics;
import io.taskscope.push.TextFormatParser;
import io.taskscope.testkit.Mutator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * The push parsers under {@link Mutator} (3 s each, fixed seed) over the seed corpus of {@link PushParsersFuzzTest}:
 * coverage-guided Jazzer does not run on Java 25 class files, this does. The only exception a parser may throw is its
 * documented bad-input exception.
 */
class PushParsersMutationTest {
  static final Path SEEDS = Path.of("src/test/resources/io/taskscope/e2e/push/PushParsersFuzzTestInputs");
  static final Duration BUDGET = Duration.ofSeconds(3);
  static final byte[][] TOKENS = tokens();

  static byte[][] tokens() {
    byte[][] text = Mutator.utf8("{", "}", "\"", "\\", "\n", "=", ",", " ", "# TYPE ", "# HELP ", "le=", "quantile=",
        "NaN", "+Inf", "1e309", "histogram", "summary", "[", "]", ":", "null", "\"metric_type\"", "\"info\"", "{}",
        "-0", "9999999999999999999999", "\"value\"", "/", "//", "@base64", "%", "%C3%BF", "%5C", "=", "job");
    byte[][] raw = {"\u00ff".getBytes(StandardCharsets.ISO_8859_1), {(byte) 0x80}, {0},
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}};
    byte[][] all = java.util.Arrays.copyOf(text, text.length + raw.length);
    System.arraycopy(raw, 0, all, text.length, raw.length);
    return all;
  }

  static long run(String corpus, Mutator.Target t, Class<? extends Exception> documented) throws Exception {
    return Mutator.over(SEEDS.resolve(corpus), TOKENS).run(BUDGET, t, documented);
  }

  @Test
  void textFormat() throws Exception {
    assertThat(run("textFormat", TextFormatParser::parse, TextFormatParser.ParseException.class)).isPositive();
  }

  @Test
  void simplepipeJson() throws Exception {
    assertThat(run("simplepipeJson", in -> SimplepipeMetrics.toFamilies(
        SimplepipeMetrics.parse(new String(in, StandardCharsets.UTF_8)), 1.0),
        SimplepipeMetrics.InvalidMetricsException.class)).isPositive();
  }

  @Test
  void protobufBody() throws Exception {
    assertThat(run("protobufBody", in -> {
      try {
        ProtobufBody.parse(in);
      } catch (PushException e) {
        assertThat(e.status() / 100).as(e.getMessage()).isEqualTo(4);
        throw e;
      }
    }, PushException.class)).isPositive();
  }

  /** Paths to grouping keys: only Pushgateway's answers (redirect, 404, 400), and never two groups on one key. */
  @Test
  void groupingKeyPath() throws Exception {
    Map<String, SortedMap<String, String>> seen = new HashMap<>();
    assertThat(run("groupingKeyPath", in -> {
      GroupingKey k;
      try {
        k = GroupingKey.parsePath(new String(in, StandardCharsets.ISO_8859_1));
      } catch (GroupingKey.Redirect redirect) {
        return;
      } catch (PushException e) {
        assertThat(e.status()).as(e.getMessage()).isEqualTo(400);
        throw e;
      }
      SortedMap<String, String> before = seen.putIfAbsent(k.key(), k.labels());
      assertThat(before == null ? k.labels() : before).as("labels sharing key %s", k.key()).isEqualTo(k.labels());
    }, PushException.class)).isPositive();
    assertThat(seen).hasSizeGreaterThan(10);
  }
}
