package io.taskscope.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the embedded demo cluster.
 *
 * @param seed     seed of the simulation (same seed = same sequence of states)
 * @param tick     period of the simulator when it ticks on its own
 * @param autoTick whether {@link DemoCluster#start(DemoOptions)} starts the simulator timer; tests pass {@code false}
 *                 and call {@link Simulator#step()} by hand
 */
public record DemoOptions(long seed, Duration tick, boolean autoTick) {

  public static final long DEFAULT_SEED = 20251126L;
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(2);

  public DemoOptions {
    Objects.requireNonNull(tick, "tick");
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive: " + tick);
    }
  }

  /** Seed {@value #DEFAULT_SEED}, a tick every 2 s, ticking on its own. */
  public static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_SEED, DEFAULT_TICK, true);
  }

  public DemoOptions withSeed(long newSeed) {
    return new DemoOptions(newSeed, tick, autoTick);
  }

  public DemoOptions withTick(Duration newTick) {
    return new DemoOptions(seed, newTick, autoTick);
  }

  public DemoOptions withAutoTick(boolean newAutoTick) {
    return new DemoOptions(seed, tick, newAutoTick);
  }
}
