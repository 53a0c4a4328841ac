"""Push metrics to TaskScope's push hub (or any Prometheus Pushgateway) with the Python standard library only.

    from taskscope_sdk import MetricCollector
    c = MetricCollector("http://localhost:9470", token=None, timeout=10)
    c.gauge("accuracy", "validation accuracy", 0.93)
    c.push(job="train", grouping_key={"instance": "worker-0"})     # PUT: replace the group
    c.pushadd(job="train", grouping_key={"instance": "worker-0"})  # POST: replace same-named metrics
    c.delete(job="train", grouping_key={"instance": "worker-0"})   # DELETE: remove the group

Simplepipe's call works unchanged:

    MetricCollector("http://localhost:9470").parse_and_push(metrics=[...], job_name="example_from_dict")
"""

from ._client import (
    METRIC_TYPES,
    MetricCollector,
    PushError,
    grouping_path,
    load_metrics_file,
    validate_simplepipe,
)
from ._text import format_value, render_text

__all__ = [
    "METRIC_TYPES",
    "MetricCollector",
    "PushError",
    "format_value",
    "grouping_path",
    "load_metrics_file",
    "render_text",
    "validate_simplepipe",
]
__version__ = "0.1.0"
