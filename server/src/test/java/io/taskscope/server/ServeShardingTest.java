package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.kube.Shard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve}'s sharding flags: the shard they select, and exit 2 with one line for bad input. */
class ServeShardingTest {
  private static ShardOptions opts(Integer shard, Integer total, String pod) {
    ShardOptions o = new ShardOptions();
    o.shard = shard;
    o.totalShards = total;
    o.pod = pod;
    return o;
  }

  @Test
  void selectsTheShard() {
    assertThat(opts(null, null, null).resolve(Map.of("POD_NAME", "taskscope-1"))).isEqualTo(Shard.ALL);
    assertThat(opts(1, 3, null).resolve(Map.of())).isEqualTo(new Shard(1, 3));
    assertThat(opts(null, 3, "taskscope-2").resolve(Map.of())).isEqualTo(new Shard(2, 3));
    assertThat(opts(null, 3, null).resolve(Map.of("POD_NAME", "taskscope-0"))).isEqualTo(new Shard(0, 3));
    assertThat(opts(null, 1, null).resolve(Map.of())).isEqualTo(Shard.ALL);
    assertThat(opts(null, 1, null).resolve(Map.of("POD_NAME", "taskscope-7c9d-abcde"))).isEqualTo(Shard.ALL);
  }

  @Test
  void refusesBadInput() {
    assertThatThrownBy(() -> opts(2, 2, null).resolve(Map.of())).hasMessage(
        "--shard must be in 0..1 for --total-shards 2, got 2");
    assertThatThrownBy(() -> opts(0, 0, null).resolve(Map.of())).hasMessage("--total-shards must be at least 1, got 0");
    assertThatThrownBy(() -> opts(1, null, null).resolve(Map.of())).hasMessage("--shard needs --total-shards");
    assertThatThrownBy(() -> opts(null, 3, null).resolve(Map.of())).hasMessageContaining("POD_NAME");
    assertThatThrownBy(() -> opts(null, 3, "taskscope-5c8d7-xk2p9").resolve(Map.of()))
        .hasMessageContaining("no StatefulSet ordinal");
    assertThatThrownBy(() -> opts(null, 2, "taskscope-2").resolve(Map.of()))
        .hasMessageContaining("ordinal 2 is not a shard of --total-shards 2");
    assertThatThrownBy(() -> opts(0, 2, "taskscope-0").resolve(Map.of())).hasMessageContaining("exclude");
  }

  @Test
  void serveExitsTwoWithOneLineBeforeConnecting() {
    for (String[] args : new String[][] {{"serve", "--shard", "3", "--total-shards", "3"},
        {"serve", "--shard", "0", "--total-shards", "0"},
        {"serve", "--pod", "taskscope-abc", "--total-shards", "2"}}) {
      PrintStream saved = System.err;
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        code = Main.commandLine().execute(args);
      } finally {
        System.setErr(saved);
      }
      String text = err.toString(StandardCharsets.UTF_8);
      assertThat(code).as(String.join(" ", args)).isEqualTo(2);
      assertThat(text).startsWith("taskscope serve: --").endsWith("\n");
      assertThat(text.strip()).doesNotContain("\n");
    }
  }
}
