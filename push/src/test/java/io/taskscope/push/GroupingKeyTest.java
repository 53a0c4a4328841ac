package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupingKeyTest {
  @Test
  void parsesJobLabelsAndBase64() throws Exception {
    GroupingKey k = GroupingKey.parsePath("/metrics/job@base64/YWJj/b@base64/ZGVm/c/x%20y/d@base64/=");
    assertThat(k.labels()).isEqualTo(Map.of("job", "abc", "b", "def", "c", "x y", "d", ""));
    assertThat(GroupingKey.parsePath("/metrics/job/a/b/").labels()).isEqualTo(Map.of("job", "a", "b", ""));
    assertThat(GroupingKey.parsePath("/metrics/job/a/job/z").labels()).isEqualTo(Map.of("job", "a"));
    assertThat(GroupingKey.parsePath("/metrics/job/x/b@base64/YQ==").labels().get("b")).isEqualTo("a");
    assertThat(GroupingKey.of(Map.of("job", "a", "b", "c")).key()).isEqualTo("b\u00ffc\u00ffjob\u00ffa");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/metrics/job@base64/=|job name is required",
      "/metrics/job/x/a|odd number of components in label string \"/a\"",
      "/metrics/job/a%2Fb|odd number of components in label string \"/b\"",
      "/metrics/job/x/__a/b|improper label name \"__a\"",
      "/metrics/job/x/a-b/c|improper label name \"a-b\"",
      "/metrics/job/x/a@base64/!!|invalid base64 encoding for label a=\"!!\": illegal base64 data at input byte 0",
      "/metrics/job/x/b@base64/Y|invalid base64 encoding for label b=\"Y\": illegal base64 data at input byte 0",
      "/metrics/job@base64/YW!j|invalid base64 encoding in job name \"\": illegal base64 data at input byte 2",
  })
  void rejectsLikePushgateway(String path, String message) {
    assertThatThrownBy(() -> GroupingKey.parsePath(path)).isInstanceOf(PushException.class).hasMessage(message);
  }

  @Test
  void redirectsAndNotFound() {
    assertThatThrownBy(() -> GroupingKey.parsePath("/metrics/job/")).isInstanceOfSatisfying(
        GroupingKey.Redirect.class, r -> assertThat(r.status()).isEqualTo(307));
    assertThatThrownBy(() -> GroupingKey.parsePath("/metrics/job//a/b")).isInstanceOfSatisfying(
        GroupingKey.Redirect.class, r -> assertThat(r.location()).isEqualTo("/metrics/job/a/b"));
    assertThatThrownBy(() -> GroupingKey.parsePath("/metrics/jobx/a")).isInstanceOfSatisfying(
        GroupingKey.Redirect.class, r -> assertThat(r.location()).isNull());
  }
}
