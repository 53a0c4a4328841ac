package io.taskscope.ui;

import io.taskscope.core.Sample;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The raw samples of the resource exporters — cAdvisor, Kepler, dcgm-exporter — read in-process, for the task page's
 * CPU, memory, power and GPU charts when no Prometheus holds the recording rules over them. Only the demo has one (its
 * simulated exporters live in TaskScope's process); {@code serve} leaves the charts to Prometheus, since scraping every
 * kubelet from the UI would duplicate Prometheus' job. {@code family} is asked first with each family's name, so
 * families nobody charts are never visited.
 */
@FunctionalInterface
public interface ResourceSource {
  void collect(Predicate<String> family, Consumer<Sample> sink);
}
