package io.taskscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one duration syntax of configs, options and headers. It took over the cases of the three parsers it replaced:
 * the server's (single unit ms/s/m/h), push's (units added up, d, 0 = none, exact arithmetic) and kb's (s, ms, m).
 */
class ConfigDurationTest {

  private static long ms(String s) {
    return ConfigDuration.parse(s, "k").toMillis();
  }

  @Test
  void singleUnits() {
    // server (Durations): 500ms, 2s, 5m, 1h
    assertThat(ConfigDuration.parse("500ms").toDuration()).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigDuration.parse("2s").toDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(ConfigDuration.parse("5m").toDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(ConfigDuration.parse("1h").toDuration()).isEqualTo(Duration.ofHours(1));
    // push: 90s, 15m, 24h, 7d, 365d
    assertThat(ms("90s")).isEqualTo(90_000);
    assertThat(ms("15m")).isEqualTo(900_000);
    assertThat(ms("24h")).isEqualTo(86_400_000);
    assertThat(ms("7d")).isEqualTo(7L * 24 * 3600 * 1000);
    assertThat(ms("365d")).isEqualTo(365L * 86_400_000);
    // kb: 30s, 500ms, 15s (the default), 250ms
    assertThat(ms("30s")).isEqualTo(30_000);
    assertThat(ms("15s")).isEqualTo(15_000);
    assertThat(ms("250ms")).isEqualTo(250);
  }

  @Test
  void unitsAddUp() {
    assertThat(ms("1h30m")).isEqualTo(5_400_000);
    assertThat(ms("1d12h")).isEqualTo(36L * 3_600_000);
    assertThat(ms("1m30s500ms")).isEqualTo(90_500);
    assertThat(ms("1s1s")).as("push accepted repeats and any order").isEqualTo(2000);
    assertThat(ms("1m1h")).isEqualTo(3_660_000);
  }

  @Test
  void zeroAndBlanks() {
    assertThat(ConfigDuration.parse("0").isZero()).isTrue();
    assertThat(ConfigDuration.parse("0s")).isEqualTo(ConfigDuration.ZERO);
    assertThat(ConfigDuration.parse("0ms").isZero()).isTrue();
    assertThat(ms("  24h \t")).isEqualTo(86_400_000);
    assertThat(ms("007s")).isEqualTo(7000);
  }

  @Test
  void theLargestValueFitsAndOneMoreIsTooLarge() {
    assertThat(ms("9223372036854775807ms")).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> ConfigDuration.parse("9223372036854775808ms", "push.maxTtl"))
        .hasMessage("push.maxTtl: duration \"9223372036854775808ms\" is too large");
    assertThatThrownBy(() -> ms("9223372036854775807ms1ms")).hasMessageContaining("is too large");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807d", "99999999999999999999999s", "106751991168d",
      "9223372036854776s", "2562047788016h", "153722867280913m", "100000000000000000000000000000000ms",
      "5000000000000000000ms5000000000000000000ms"})
  void overflowIsAnErrorNotAWrappedValue(String s) {
    assertThatThrownBy(() -> ConfigDuration.parse(s, "X-TaskScope-TTL header"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X-TaskScope-TTL header: duration \"" + s + "\" is too large");
  }

  @Test
  void justBelowOverflow() {
    assertThat(ms("106751991167d")).isEqualTo(106751991167L * 86_400_000);
    assertThat(ms("9223372036854775s")).isEqualTo(9223372036854775L * 1000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "soon", "s", "ms", "h1", "1", "15", "1h30", "1.5s", "-1s", "+1s", "1 s", "1S",
      "1H", "1y", "1w", "1us", "1ns", "PT15S", "1sm", "1h 30m", "0x10s", "１s", "∞", "1h-", "00", "0s0"})
  void junkIsInvalid(String s) {
    assertThatThrownBy(() -> ConfigDuration.parse(s, "limits.requestTimeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("limits.requestTimeout: invalid duration \"" + s.trim() + "\"; use whole numbers")
        .hasMessageContaining("e.g. 250ms, 90s, 15m, 24h, 7d, 1h30m, or 0");
  }

  @Test
  void junkAfterAnOverflowIsReportedAsJunk() {
    assertThatThrownBy(() -> ms("99999999999999999999999sx")).hasMessageContaining("invalid duration");
  }

  @Test
  void nullIsInvalidAndTheKeyIsOptional() {
    assertThatThrownBy(() -> ConfigDuration.parse(null, "kb.pollInterval"))
        .hasMessageStartingWith("kb.pollInterval: invalid duration \"\"");
    assertThatThrownBy(() -> ConfigDuration.valueOf("soon")).hasMessageStartingWith("invalid duration \"soon\"");
  }

  @Test
  void errorMessagesQuoteSafelyAndCutLongText() {
    assertThatThrownBy(() -> ConfigDuration.parse("a\"b\\c\u0001d", "h"))
        .hasMessageStartingWith("h: invalid duration \"a\\\"b\\\\c\\x01d\";");
    String big = "9".repeat(100_000);
    assertThatThrownBy(() -> ConfigDuration.parse(big, "h"))
        .hasMessageStartingWith("h: invalid duration \"" + "9".repeat(64) + "\"... (100000 chars);");
  }

  @Test
  void costIsLinearInTheLength() {
    // the regex it replaced rescanned a long digit run from every position: 10^6 digits took quadratic time
    String[] hostile = {"9".repeat(1_000_000), "1s".repeat(500_000) + "1", "1".repeat(999_999) + "x",
        "0s".repeat(400_000) + "1", "m".repeat(1_000_000)};
    long start = System.nanoTime();
    for (String h : hostile) {
      assertThatThrownBy(() -> ConfigDuration.parse(h)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ConfigDuration.parse("1ms".repeat(300_000)).toMillis()).isEqualTo(300_000);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void formatIsTheLargestWholeUnitAndRoundTrips() {
    assertThat(ConfigDuration.format(365L * 86_400_000)).isEqualTo("365d");
    assertThat(ConfigDuration.format(2 * 3_600_000)).isEqualTo("2h");
    assertThat(ConfigDuration.format(90_000)).isEqualTo("90s");
    assertThat(ConfigDuration.format(15 * 60_000)).isEqualTo("15m");
    assertThat(ConfigDuration.format(1500)).isEqualTo("1500ms");
    assertThat(ConfigDuration.format(0)).isEqualTo("0s");
    for (String s : new String[] {"365d", "1h30m", "1500ms", "0", "9223372036854775807ms"}) {
      ConfigDuration d = ConfigDuration.parse(s);
      assertThat(ConfigDuration.parse(d.toString())).isEqualTo(d).hasSameHashCodeAs(d);
    }
    assertThat(ConfigDuration.parse("1h")).isGreaterThan(ConfigDuration.parse("59m"));
    assertThatThrownBy(() -> ConfigDuration.ofMillis(-1)).hasMessageContaining("negative");
  }
}
