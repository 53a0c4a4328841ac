"""taskscope_sdk against a real TaskScope push hub (TASKSCOPE_URL)."""

import io
import json
import os
import unittest
from contextlib import redirect_stderr, redirect_stdout

import _path  # noqa: F401  (makes taskscope_sdk importable)
from _path import FIXTURES
from server_util import SKIP_REASON, URL, group, samples
from taskscope_sdk import MetricCollector, PushError
from taskscope_sdk.__main__ import main


@unittest.skipUnless(URL, SKIP_REASON)
class ServerTest(unittest.TestCase):
    def test_push_pushadd_delete(self):
        c = MetricCollector(URL)
        c.gauge("py_accuracy", "validation accuracy", 0.93, labels={"model": "resnet"})
        c.counter("py_samples_total", "samples seen", 12000)
        key = {"instance": "worker/0", "empty": ""}
        c.push("py-sdk", grouping_key=key)
        g = group(job="py-sdk", instance="worker/0", empty="")
        self.assertIsNotNone(g, "group with base64-encoded labels exists")
        self.assertTrue(g["last_push_successful"])
        s = samples()
        self.assertEqual(s[("py_accuracy", frozenset({"job": "py-sdk", "instance": "worker/0",
                                                       "model": "resnet"}.items()))], 0.93)
        self.assertEqual(s[("py_samples_total", frozenset({"job": "py-sdk", "instance": "worker/0"}.items()))], 12000)

        c2 = MetricCollector(URL).gauge("py_loss", "loss", 0.1)
        c2.pushadd("py-sdk", grouping_key=key)
        g = group(job="py-sdk", instance="worker/0", empty="")
        self.assertIn("py_loss", g)
        self.assertIn("py_accuracy", g, "POST keeps other metrics")
        c2.push("py-sdk", grouping_key=key)
        g = group(job="py-sdk", instance="worker/0", empty="")
        self.assertNotIn("py_accuracy", g, "PUT replaces the group")

        c2.delete("py-sdk", grouping_key=key)
        self.assertIsNone(group(job="py-sdk", instance="worker/0", empty=""))

    def test_help_escaping_roundtrip(self):
        c = MetricCollector(URL)
        c.gauge("py_escaped", 'help with "quotes", back\\slash\nand newline', 1,
                labels={"path": 'C:\\dir\n"q"'})
        c.push("py-escape")
        g = group(job="py-escape")
        self.assertEqual(g["py_escaped"]["help"], 'help with "quotes", back\\slash\nand newline')
        self.assertEqual(g["py_escaped"]["metrics"][0]["labels"]["path"], 'C:\\dir\n"q"')
        c.delete("py-escape")

    def test_type_conflict_is_push_error_with_message(self):
        MetricCollector(URL).gauge("py_conflict", "h", 1).push("py-conflict-a")
        with self.assertRaises(PushError) as cm:
            MetricCollector(URL).counter("py_conflict", "h", 1).push("py-conflict-b")
        self.assertEqual(cm.exception.status, 400)
        self.assertIn("py_conflict", cm.exception.message)
        MetricCollector(URL).delete("py-conflict-a")
        MetricCollector(URL).delete("py-conflict-b")

    def test_simplepipe_call_unchanged(self):
        metrics = [{"name": "example_metric", "description": "metric for example purposes", "value": 0,
                    "metric_type": "gauge"}]
        collector = MetricCollector(URL)
        collector.parse_and_push(metrics=metrics, job_name="example_from_dict")
        s = samples()
        self.assertEqual(s[("example_metric", frozenset({"job": "example_from_dict"}.items()))], 0)
        with open(os.path.join(FIXTURES, "all_types.metrics.json")) as f:
            collector.parse_and_push(json.load(f), "py-all-types", grouping_key={"stage": "eval"})
        s = samples()
        lbl = {"job": "py-all-types", "stage": "eval"}
        self.assertEqual(s[("job_runtime_seconds", frozenset(lbl.items()))], 12.5)
        self.assertEqual(s[("batch_latency_seconds_count", frozenset(lbl.items()))], 1)
        self.assertEqual(s[("batch_latency_seconds_sum", frozenset(lbl.items()))], 0.75)
        self.assertEqual(s[("image_size_bytes_bucket", frozenset(dict(lbl, le="+Inf").items()))], 1)
        self.assertEqual(s[("model_info", frozenset(dict(lbl, version="1.2.3", framework="sklearn").items()))], 1)

    def test_simplepipe_bad_metric_is_400_naming_it(self):
        # a valid list client-side, refused server-side: a type conflict with an existing gauge
        MetricCollector(URL).gauge("py_sp_conflict", "h", 1).push("py-sp-a")
        with self.assertRaises(PushError) as cm:
            MetricCollector(URL).parse_and_push(
                [{"name": "py_sp_conflict", "description": "h", "value": 1, "metric_type": "summary"}], "py-sp-b")
        self.assertEqual(cm.exception.status, 400)
        self.assertIn("py_sp_conflict", cm.exception.message)
        MetricCollector(URL).delete("py-sp-a")

    def test_cli_push_fixture(self):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["push", os.path.join(FIXTURES, "metric.json"), "--job", "simple", "--url", URL,
                         "--label", "namespace=alice"])
        self.assertEqual(code, 0, err.getvalue())
        self.assertEqual(samples()[("simple", frozenset({"job": "simple", "namespace": "alice"}.items()))], 6)


if __name__ == "__main__":
    unittest.main()
