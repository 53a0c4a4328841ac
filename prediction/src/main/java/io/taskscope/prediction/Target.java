package io.taskscope.prediction;

/**
 * One series to forecast, as the knowledge graphs describe it: a metric of a resource's telemetry, the Prometheus
 * that holds it and the selector that picks it there.
 *
 * @param id stable and URL-safe: the resource's subgraph id and the metric name, e.g.
 *     {@code edge-dc-1/default/Deployment/web/cpu_usage}
 * @param metric the graph's {@code ts:metricName}, e.g. {@code cpu_usage}
 * @param resourceIri the workload, node or GLACIATION node the telemetry belongs to
 * @param metricIri the graph's {@code ts:Metric} node; the forecast node links from it
 * @param prometheusUrl the datasource's {@code ts:url}
 * @param query the selector as re-rendered by {@link Selector} (never the graph's text as such)
 */
public record Target(String id, String metric, String resourceIri, String metricIri, String prometheusUrl,
    String query) {}
