package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.push.ProtobufBody;
import io.taskscope.push.PushException;
import io.taskscope.push.SimplepipeMetrics;
import io.taskscope.push.TextFormatParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A time-bounded mutation fuzzer (3 s per parser, fixed seed) over the same seed corpus as {@link PushParsersFuzzTest}.
 * It exists because Jazzer 0.24 cannot instrument class files of Java 25 (the JDK this project builds with), so its
 * coverage-guided mode does not run here; regression mode does. Bit flips, byte insertions/deletions, splices of two
 * seeds and interesting tokens; the only exception a parser may throw is its documented bad-input exception.
 */
class PushParsersMutationTest {
  static final Path SEEDS = Path.of("src/test/resources/io/taskscope/e2e/push/PushParsersFuzzTestInputs");
  static final byte[][] TOKENS = {"{".getBytes(), "}".getBytes(), "\"".getBytes(), "\\".getBytes(), "\n".getBytes(),
      "=".getBytes(), ",".getBytes(), " ".getBytes(), "# TYPE ".getBytes(), "# HELP ".getBytes(), "le=".getBytes(),
      "quantile=".getBytes(), "NaN".getBytes(), "+Inf".getBytes(), "1e309".getBytes(), "histogram".getBytes(),
      "summary".getBytes(), "\u00ff".getBytes(StandardCharsets.ISO_8859_1), "[".getBytes(), "]".getBytes(),
      ":".getBytes(), "null".getBytes(), "\"metric_type\"".getBytes(), "\"info\"".getBytes(), "{}".getBytes(),
      "-0".getBytes(), "9999999999999999999999".getBytes(), "\"value\"".getBytes(), new byte[] {(byte) 0x80},
      new byte[] {0}, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}};

  interface Target {
    void parse(byte[] in) throws Exception;
  }

  static List<byte[]> seeds(String dir) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (var s = Files.list(SEEDS.resolve(dir))) {
      for (Path p : s.sorted().toList()) {
        out.add(Files.readAllBytes(p));
      }
    }
    out.add(new byte[0]);
    return out;
  }

  static byte[] mutate(byte[] in, List<byte[]> seeds, SplittableRandom r) {
    byte[] b = in;
    int rounds = 1 + r.nextInt(4);
    for (int k = 0; k < rounds; k++) {
      int op = r.nextInt(5);
      int pos = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      switch (op) {
        case 0 -> {
          if (b.length > 0) {
            b = b.clone();
            int i = r.nextInt(b.length);
            b[i] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 1 -> b = splice(b, pos, pos, TOKENS[r.nextInt(TOKENS.length)]);
        case 2 -> {
          int end = Math.min(b.length, pos + 1 + r.nextInt(8));
          b = splice(b, pos, end, new byte[0]);
        }
        case 3 -> {
          byte[] other = seeds.get(r.nextInt(seeds.size()));
          int from = other.length == 0 ? 0 : r.nextInt(other.length);
          b = splice(b, pos, b.length, java.util.Arrays.copyOfRange(other, from, other.length));
        }
        default -> b = splice(b, pos, pos, new byte[] {(byte) r.nextInt(256)});
      }
    }
    return b;
  }

  static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    from = Math.min(from, b.length);
    to = Math.max(from, Math.min(to, b.length));
    byte[] out = new byte[from + insert.length + b.length - to];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }

  static long run(String dir, Target t, Class<? extends Exception> documented) throws Exception {
    List<byte[]> seeds = seeds(dir);
    SplittableRandom r = new SplittableRandom(20240601L);
    long end = System.nanoTime() + 3_000_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      byte[] in = mutate(seeds.get(r.nextInt(seeds.size())), seeds, r);
      try {
        t.parse(in);
      } catch (Exception e) {
        if (!documented.isInstance(e)) {
          throw new AssertionError("undocumented " + e + " for input (base64) "
              + java.util.Base64.getEncoder().encodeToString(in), e);
        }
      }
      n++;
    }
    return n;
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
}
