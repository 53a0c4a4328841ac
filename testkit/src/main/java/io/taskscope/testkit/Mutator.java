package io.taskscope.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A time-bounded mutation fuzzer with a fixed seed, over a Jazzer seed-corpus folder. It exists because Jazzer 0.24
 * cannot instrument Java 25 class files, so its coverage-guided mode does not run on the JDK this project builds
 * with (its regression mode over the same corpus does). Mutations: bit flips, insertions of interesting tokens and
 * random bytes, deletions, and splices of two seeds. A target may throw only its documented bad-input exception;
 * anything else (another exception, an {@link Error} such as a stack overflow) fails with the input in base64.
 */
public final class Mutator {
  /** One parser under test; {@code in} is a mutated seed. */
  @FunctionalInterface
  public interface Target {
    void parse(byte[] in) throws Exception;
  }

  private final List<byte[]> seeds;
  private final byte[][] tokens;

  private Mutator(List<byte[]> seeds, byte[][] tokens) {
    this.seeds = seeds;
    this.tokens = tokens;
  }

  /** The files of a corpus folder (sorted, so runs repeat) plus the empty input; tokens are spliced in. */
  public static Mutator over(Path corpus, byte[]... tokens) throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    try (var s = Files.list(corpus)) {
      for (Path p : s.sorted().toList()) {
        seeds.add(Files.readAllBytes(p));
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalStateException("no seeds in " + corpus);
    }
    seeds.add(new byte[0]);
    return new Mutator(seeds, tokens.clone());
  }

  /** Tokens as UTF-8 bytes. */
  public static byte[][] utf8(String... tokens) {
    byte[][] t = new byte[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      t[i] = tokens[i].getBytes(StandardCharsets.UTF_8);
    }
    return t;
  }

  /** Runs the target on every seed, then on mutated seeds for {@code budget}; returns how many inputs it parsed. */
  public long run(Duration budget, Target target, Class<? extends Exception> documented) {
    SplittableRandom r = new SplittableRandom(20240601L);
    long end = System.nanoTime() + budget.toNanos();
    long n = 0;
    // the seeds as they are first, then mutants until the budget is spent
    while (n < seeds.size() || System.nanoTime() < end) {
      byte[] in = n < seeds.size() ? seeds.get((int) n) : mutate(seeds.get(r.nextInt(seeds.size())), r);
      try {
        target.parse(in);
      } catch (Exception e) {
        if (!documented.isInstance(e)) {
          throw failure(in, e);
        }
      } catch (Error e) {
        throw failure(in, e);
      }
      n++;
    }
    return n;
  }

  private static AssertionError failure(byte[] in, Throwable e) {
    return new AssertionError("undocumented " + e + " for input (base64) " + Base64.getEncoder().encodeToString(in),
        e);
  }

  byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in;
    int rounds = 1 + r.nextInt(4);
    for (int k = 0; k < rounds; k++) {
      int pos = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      switch (r.nextInt(5)) {
        case 0 -> {
          if (b.length > 0) {
            b = b.clone();
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 1 -> b = tokens.length == 0 ? b : splice(b, pos, pos, tokens[r.nextInt(tokens.length)]);
        case 2 -> b = splice(b, pos, Math.min(b.length, pos + 1 + r.nextInt(8)), new byte[0]);
        case 3 -> {
          byte[] other = seeds.get(r.nextInt(seeds.size()));
          int from = other.length == 0 ? 0 : r.nextInt(other.length);
          b = splice(b, pos, b.length, Arrays.copyOfRange(other, from, other.length));
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
}
