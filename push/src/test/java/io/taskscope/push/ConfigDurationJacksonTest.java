package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskscope.core.config.ConfigDuration;
import org.junit.jupiter.api.Test;

/** A config record can hold a {@link ConfigDuration}: Jackson binds it from YAML and its errors name the key. */
class ConfigDurationJacksonTest {
  record Poll(ConfigDuration interval) {}

  record Outer(Poll poll) {}

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @Test
  void boundFromAString() throws Exception {
    assertThat(yaml.readValue("poll: {interval: 1h30m}\n", Outer.class).poll().interval().toMillis())
        .isEqualTo(5_400_000);
    assertThat(yaml.readValue("poll: {interval: '0'}\n", Outer.class).poll().interval().isZero()).isTrue();
  }

  @Test
  void errorsNameTheKeyAndTheText() {
    assertThatThrownBy(() -> yaml.readValue("poll: {interval: soon}\n", Outer.class))
        .hasMessageContaining("invalid duration \"soon\"").hasMessageContaining("[\"poll\"]")
        .hasMessageContaining("[\"interval\"]");
    assertThatThrownBy(() -> yaml.readValue("poll: {interval: 99999999999999999999d}\n", Outer.class))
        .hasMessageContaining("is too large").hasMessageContaining("[\"interval\"]");
  }
}
