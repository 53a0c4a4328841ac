package io.taskscope.e2e.hostile;

import io.taskscope.e2e.hostile.Target.Answer;
import io.taskscope.e2e.hostile.Target.Snapshot;
import io.taskscope.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The case model of the hostile suite and the checks every case gets: the status (and that a rejection's message
 * names the problem), that stored state is unchanged after a rejection, that the trap listener got no connection and
 * the marker file's content appears nowhere, and that the server is healthy afterwards (/-/healthy and a valid push).
 */
final class Hostile {
  private Hostile() {}

  /** What a case expects. */
  static final class Expect {
    final Set<Integer> statuses = new TreeSet<>();
    final List<String> words = new ArrayList<>();
    final List<String> forbidden = new ArrayList<>();
    boolean stateAny;
    BiFunction<Snapshot, Snapshot, String> stateCheck;
    Function<Answer, String> answerCheck;
    long maxMillis = 15_000;

    /** Status one of these ({@link RawHttp#CLOSED}: the connection closed without an answer). */
    static Expect status(int... s) {
      Expect e = new Expect();
      for (int i : s) {
        e.statuses.add(i);
      }
      return e;
    }

    /** A rejection's body must name the problem: contain one of these (case-insensitive). */
    Expect words(Object... w) {
      for (Object o : w) {
        if (o instanceof String[] a) {
          words.addAll(List.of(a));
        } else {
          words.add((String) o);
        }
      }
      return this;
    }

    /** The answer must not contain these (besides the marker, which no answer may contain). */
    Expect without(String... s) {
      forbidden.addAll(List.of(s));
      return this;
    }

    /** An accepted request may change state. */
    Expect changes() {
      stateAny = true;
      return this;
    }

    /** Instead of "unchanged after a rejection": this check of before/after (null = fine). */
    Expect state(BiFunction<Snapshot, Snapshot, String> check) {
      stateCheck = check;
      return this;
    }

    Expect answer(Function<Answer, String> check) {
      answerCheck = check;
      return this;
    }

    Expect within(Duration d) {
      maxMillis = d.toMillis();
      return this;
    }
  }

  /** One hostile (or legitimate) request and its expectation; {@code open}: against the server without tokens. */
  record Case(String name, boolean open, Function<Target, Answer> action, Expect expect) {}

  static Case sec(String name, Function<Target, Answer> action, Expect expect) {
    return new Case(name, false, action, expect);
  }

  static Case opn(String name, Function<Target, Answer> action, Expect expect) {
    return new Case(name, true, action, expect);
  }

  static HostileStack stack() {
    HostileStack s = HostileStack.INSTANCE;
    if (s == null) {
      throw new IllegalStateException("hostile stack not started (missing @ExtendWith(HostileStack.Ext.class))");
    }
    return s;
  }

  static Stream<DynamicTest> tests(List<Case> cases) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Case c : cases) {
      if (seen.merge(c.name(), 1, Integer::sum) > 1) {
        throw new IllegalStateException("duplicate case name " + c.name());
      }
    }
    // Two lanes, one per server, run beside each other: a case's state, health and answer checks concern its own
    // server only. Each lane keeps the table's order (a case's "before" is the state the previous one left).
    Map<Case, CompletableFuture<Throwable>> outcome = new IdentityHashMap<>();
    cases.forEach(c -> outcome.put(c, new CompletableFuture<>()));
    AtomicBoolean started = new AtomicBoolean();
    Runnable start = () -> {
      if (!started.compareAndSet(false, true)) {
        return;
      }
      for (boolean open : new boolean[] {false, true}) {
        List<Case> lane = cases.stream().filter(c -> c.open() == open).toList();
        Thread.ofPlatform().daemon().name("hostile-" + (open ? "open" : "secured")).start(() -> {
          for (Case c : lane) {
            try {
              run(c);
              outcome.get(c).complete(null);
            } catch (Throwable e) {
              outcome.get(c).complete(e);
            }
          }
        });
      }
    };
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      start.run();
      Throwable failed = outcome.get(c).get(5, TimeUnit.MINUTES);
      if (failed != null) {
        throw failed;
      }
    }));
  }

  /** Nanoseconds spent in actions and in checks (snapshots and health), over all lanes: printed at the end. */
  static final java.util.concurrent.atomic.LongAdder ACTION_NANOS = new java.util.concurrent.atomic.LongAdder();
  static final java.util.concurrent.atomic.LongAdder CHECK_NANOS = new java.util.concurrent.atomic.LongAdder();
  static final java.util.concurrent.atomic.LongAdder CASES = new java.util.concurrent.atomic.LongAdder();

  static void run(Case c) {
    HostileStack st = stack();
    Target t = c.open() ? st.open : st.secured;
    long t0 = System.nanoTime();
    Snapshot before = t.before();
    t.forget(); // if the action throws, the next case must not trust the remembered state
    int trap0 = st.trap.connections.get();
    long t1 = System.nanoTime();
    Answer a = c.action().apply(t);
    long t2 = System.nanoTime();
    Expect e = c.expect();
    List<String> problems = new ArrayList<>();
    if (!e.statuses.contains(a.status())) {
      problems.add("status: expected one of " + e.statuses + " (-1 = connection closed), got " + a);
    }
    boolean rejected = a.status() < 200 || a.status() >= 400;
    if (a.status() >= 400 && !e.words.isEmpty() && e.statuses.contains(a.status()) && !a.body().isEmpty()
        && !c.name().startsWith("HEAD ")) { // HEAD answers carry no body
      String lower = a.body().toLowerCase(Locale.ROOT);
      if (e.words.stream().noneMatch(w -> lower.contains(w.toLowerCase(Locale.ROOT)))) {
        problems.add("message: expected it to name the problem (one of " + e.words + "), got " + a);
      }
    }
    if (a.status() == 401) {
      String www = a.header("WWW-Authenticate");
      if (www == null || !www.startsWith("Bearer") || !www.contains("realm=\"taskscope\"")) {
        problems.add("401 without WWW-Authenticate: Bearer realm=\"taskscope\" (got " + www + ")");
      }
    }
    if (a.body().contains(st.marker)) {
      problems.add("the marker file's content appears in the answer: " + a);
    }
    for (String f : e.forbidden) {
      if (a.body().contains(f)) {
        problems.add("the answer reveals \"" + f + "\": " + a);
      }
    }
    if (e.answerCheck != null) {
      String p = e.answerCheck.apply(a);
      if (p != null) {
        problems.add(p);
      }
    }
    if (a.millis() > e.maxMillis) {
      problems.add("took " + a.millis() + " ms, more than " + e.maxMillis + " ms");
    }
    // the health checks run beside the snapshot: the canary's group is not part of it
    CompletableFuture<String> sickLater = Target.async(t::unhealthy);
    Snapshot after = t.after();
    if (e.stateCheck != null) {
      String p = e.stateCheck.apply(before, after);
      if (p != null) {
        problems.add("state: " + p);
      }
    } else if (rejected && !e.stateAny) {
      String d = before.diff(after);
      if (!d.isEmpty()) {
        problems.add("stored state changed by a rejected request: " + d);
      }
    }
    if (after.markerStored()) {
      problems.add("the marker file's content is stored (push groups or a graph)");
    }
    int trapped = st.trap.connections.get() - trap0;
    if (trapped != 0) {
      problems.add("the server connected " + trapped + " time(s) to the trap listener " + st.trap.url()
          + " during this case (or one run beside it on the other server)");
    }
    String sick = sickLater.join();
    CASES.increment();
    ACTION_NANOS.add(t2 - t1);
    CHECK_NANOS.add(t1 - t0 + System.nanoTime() - t2);
    if (sick != null) {
      problems.add("server unhealthy afterwards: " + sick);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(c.name() + " on " + t.name + ":\n- " + String.join("\n- ", problems));
    }
  }

  // ------------------------------------------------------------------ helpers for case tables

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String repeat(String s, int n) {
    return s.repeat(n);
  }

  /** A raw exchange as an {@link Answer}: status -1 for a closed connection (also for no answer in time). */
  static Answer raw(Target t, byte[] request, Duration readFor) {
    RawHttp.Result r = t.raw(request, readFor);
    Map<String, List<String>> h = new LinkedHashMap<>();
    r.headers().forEach((k, v) -> h.put(k, List.of(v)));
    int status = r.status() == RawHttp.SILENT ? RawHttp.CLOSED : r.status();
    return new Answer(status, h, r.body() + (r.status() == RawHttp.SILENT ? "(no answer within " + readFor + ")" : ""),
        r.millis());
  }

  /** Statuses a "reject however you like" case accepts: any 4xx that fits, or the connection closed. */
  static int[] rejectedOrClosed(int... extra) {
    int[] base = {RawHttp.CLOSED, 400, 413, 414, 431};
    int[] all = new int[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }
}
