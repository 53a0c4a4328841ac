package io.taskscope.e2e.push;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.taskscope.push.GroupingKey;
import io.taskscope.push.ProtobufBody;
import io.taskscope.push.PushException;
import io.taskscope.push.SimplepipeMetrics;
import io.taskscope.push.TextFormatParser;

/**
 * Fuzzes the push hub's body parsers with Jazzer. In a normal build ({@code mvn verify}) each test runs in regression
 * mode over its seed corpus ({@code src/test/resources/io/taskscope/e2e/push/PushParsersFuzzTestInputs/<method>/},
 * taken from the bad-request corpus and valid bodies); {@code JAZZER_FUZZ=1 mvn -pl e2e verify -Dtest=PushParsersFuzzTest}
 * would fuzz for real, {@code maxDuration} each, but Jazzer 0.24 cannot instrument Java 25 class files (see
 * {@link PushParsersMutationTest}, the time-bounded fuzzer that does run). The only exception a parser may throw on bad
 * input is its documented one.
 */
class PushParsersFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void textFormat(byte[] body) {
    try {
      TextFormatParser.parse(body);
    } catch (TextFormatParser.ParseException expected) {
      // documented bad-input exception
    }
  }

  @FuzzTest(maxDuration = "20s")
  void simplepipeJson(FuzzedDataProvider data) {
    String json = data.consumeRemainingAsString();
    try {
      SimplepipeMetrics.toFamilies(SimplepipeMetrics.parse(json), 1.0);
    } catch (SimplepipeMetrics.InvalidMetricsException expected) {
      // documented bad-input exception
    }
  }

  @FuzzTest(maxDuration = "20s")
  void protobufBody(byte[] body) {
    try {
      ProtobufBody.parse(body);
    } catch (PushException expected) {
      if (expected.status() / 100 != 4 || expected.getMessage() == null || expected.getMessage().isEmpty()) {
        throw new AssertionError("bad-input exception without a 4xx status and message", expected);
      }
    }
  }

  @FuzzTest(maxDuration = "20s")
  void groupingKeyPath(byte[] path) {
    try {
      GroupingKey.parsePath(new String(path, java.nio.charset.StandardCharsets.ISO_8859_1));
    } catch (GroupingKey.Redirect | PushException expected) {
      // Pushgateway's redirects, 404 and 400
    }
  }
}
