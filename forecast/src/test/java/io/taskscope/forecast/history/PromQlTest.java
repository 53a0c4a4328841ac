package io.taskscope.forecast.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
  @Test
  void plainValuesAreOnlyQuoted() {
    assertThat(PromQl.stringLiteral("api-7f9c")).isEqualTo("\"api-7f9c\"");
  }

  @Test
  void quoteAndBraceCannotCloseTheSelector() {
    assertThat(PromQl.stringLiteral("\"}")).isEqualTo("\"\\\"}\"");
    assertThat(PromQl.stringLiteral("\"} or vector(1)")).isEqualTo("\"\\\"} or vector(1)\"");
  }

  @Test
  void backslashesAreDoubledBeforeQuotesAreEscaped() {
    // a trailing backslash must not escape the closing quote
    assertThat(PromQl.stringLiteral("a\\")).isEqualTo("\"a\\\\\"");
    assertThat(PromQl.stringLiteral("\\\"")).isEqualTo("\"\\\\\\\"\"");
  }

  @Test
  void newlinesAndOtherControlCharactersAreEscaped() {
    assertThat(PromQl.stringLiteral("a\nb\r\tc")).isEqualTo("\"a\\nb\\r\\tc\"");
    assertThat(PromQl.stringLiteral("x\u0000y\u001fz\u007f")).isEqualTo("\"x\\x00y\\x1fz\\x7f\"");
  }

  @Test
  void theLiteralNeverContainsARawQuoteOrControlCharacter() {
    String lit = PromQl.stringLiteral("\"\n\"} or vector(1) # \\\"");
    String inner = lit.substring(1, lit.length() - 1);
    assertThat(inner.replace("\\\\", "").replace("\\\"", "")).doesNotContain("\"");
    assertThat(inner.chars()).allMatch(c -> c >= 0x20);
  }
}
