import base64
import io
import json
import os
import socket
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

import _path  # noqa: F401  (must come first)
from _path import FIXTURES
from taskscope_sdk import MetricCollector, PushError, grouping_path, validate_simplepipe
from taskscope_sdk.__main__ import main

from peer import Peer



def b64(s):
    return base64.urlsafe_b64encode(s.encode()).decode()


class CollectorTest(unittest.TestCase):
    def setUp(self):
        self.peer = Peer()

    def tearDown(self):
        self.peer.close()

    def test_push_is_put_with_text_body(self):
        c = MetricCollector(self.peer.url)
        c.gauge("accuracy", "validation accuracy", 0.93).counter("samples_total", "samples", 12000)
        c.push(job="train", grouping_key={"instance": "w-0"})
        r = self.peer.last()
        self.assertEqual(r["method"], "PUT")
        self.assertEqual(r["path"], "/metrics/job/train/instance/w-0")
        self.assertEqual(r["headers"]["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
        self.assertNotIn("Authorization", r["headers"])
        self.assertEqual(r["body"].decode(), "# HELP accuracy validation accuracy\n# TYPE accuracy gauge\n"
                         "accuracy 0.93\n# HELP samples_total samples\n# TYPE samples_total counter\n"
                         "samples_total 12000\n")

    def test_pushadd_post_delete_and_token(self):
        c = MetricCollector(self.peer.url + "/", token="s3cret")
        c.gauge("g", "h", 1)
        c.pushadd("j")
        self.assertEqual(self.peer.last()["method"], "POST")
        self.assertEqual(self.peer.last()["headers"]["Authorization"], "Bearer s3cret")
        self.peer.status = 202
        c.delete("j")
        self.assertEqual(self.peer.last()["method"], "DELETE")
        self.assertEqual(self.peer.last()["path"], "/metrics/job/j")
        self.assertEqual(self.peer.last()["body"], b"")

    def test_base64_segments(self):
        p = grouping_path("a/b", {"path": "/var/tmp", "empty": "", "dot": "..", "plain": "x y+ü"})
        self.assertEqual(p, "/metrics/job@base64/%s/dot@base64/%s/empty@base64/=/path@base64/%s/plain/x%%20y%%2B%%C3%%BC"
                         % (b64("a/b"), b64(".."), b64("/var/tmp")))
        with self.assertRaisesRegex(ValueError, "job name must not be empty"):
            grouping_path("")
        with self.assertRaisesRegex(ValueError, "invalid label name"):
            grouping_path("j", {"bad-name": "v"})

    def test_escaping(self):
        c = MetricCollector(self.peer.url)
        c.gauge("m", 'line1\nback\\slash "q"', float("nan"), labels={"path": 'C:\\dir\n"q"'})
        c.gauge("inf", None, float("inf"))
        self.assertEqual(c.text(), '# HELP m line1\\nback\\\\slash "q"\n# TYPE m gauge\n'
                         'm{path="C:\\\\dir\\n\\"q\\""} NaN\n# TYPE inf gauge\ninf +Inf\n')

    def test_info_and_conflicts(self):
        c = MetricCollector(self.peer.url)
        c.info("model", "build", {"version": "1.2.3", "framework": "sklearn"})
        self.assertEqual(c.text(), '# HELP model_info build\n# TYPE model_info gauge\n'
                         'model_info{framework="sklearn",version="1.2.3"} 1\n')
        with self.assertRaisesRegex(ValueError, "already added as gauge"):
            c.counter("model_info", "x", 1)
        with self.assertRaisesRegex(ValueError, "invalid metric name"):
            c.gauge("1bad", "x", 1)
        with self.assertRaisesRegex(ValueError, "cannot be"):
            c.counter("c_total", "x", -1)

    def test_error_carries_status_and_message(self):
        self.peer.status = 400
        self.peer.answer = b"pushed metrics are invalid or inconsistent with existing metrics: boom\n"
        c = MetricCollector(self.peer.url)
        c.gauge("x", "h", 1)
        with self.assertRaises(PushError) as cm:
            c.push("j")
        self.assertEqual(cm.exception.status, 400)
        self.assertEqual(cm.exception.message, "pushed metrics are invalid or inconsistent with existing metrics: boom")
        self.assertIn("HTTP 400", str(cm.exception))

    def test_unreachable(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        with self.assertRaises(PushError) as cm:
            MetricCollector("127.0.0.1:%d" % port, timeout=2).delete("j")
        self.assertEqual(cm.exception.status, 0)
        self.assertIn("cannot reach", str(cm.exception))

    def test_parse_and_push_simplepipe_call(self):
        metrics = [{"name": "example_metric", "description": "metric for example purposes", "value": 0,
                    "metric_type": "gauge"}]
        MetricCollector(self.peer.url).parse_and_push(metrics=metrics, job_name="example_from_dict")
        r = self.peer.last()
        self.assertEqual(r["method"], "POST")
        self.assertEqual(r["path"], "/api/v1/simplepipe?job=example_from_dict")
        self.assertEqual(r["headers"]["Content-Type"], "application/json")
        self.assertEqual(json.loads(r["body"]), metrics)
        MetricCollector(self.peer.url).parse_and_push(metrics, "j", grouping_key={"stage": "train", "a": "x=y&z"})
        self.assertEqual(self.peer.last()["path"], "/api/v1/simplepipe?job=j&label=a%3Dx%3Dy%26z&label=stage%3Dtrain")


class ValidateTest(unittest.TestCase):
    def test_fixtures_are_valid(self):
        for f in ("metric.json", "workflow_metric.json", "all_types.metrics.json"):
            with open(os.path.join(FIXTURES, f)) as fh:
                validate_simplepipe(json.load(fh))

    def test_bad_inputs_name_the_problem(self):
        cases = [
            ({"name": "x"}, "must be a JSON list"),
            (["x"], r"metrics\[0\]: must be an object"),
            ([{"name": "x", "description": "d", "value": 1}], "missing field 'metric_type'"),
            ([{"name": "bad-name", "description": "d", "value": 1, "metric_type": "gauge"}], "invalid metric name"),
            ([{"name": "x", "description": 3, "value": 1, "metric_type": "gauge"}], "description: must be a string"),
            ([{"name": "x", "description": "d", "value": 1, "metric_type": "enum"}], "'enum' is not one of"),
            ([{"name": "x", "description": "d", "value": -1, "metric_type": "counter"}], "counter cannot be"),
            ([{"name": "x", "description": "d", "value": "six", "metric_type": "gauge"}], "'six' is not a number"),
            ([{"name": "x", "description": "d", "value": None, "metric_type": "gauge"}], "must be a number"),
            ([{"name": "x", "description": "d", "value": 1, "metric_type": "info"}], "info metric needs an object"),
            ([{"name": "x", "description": "d", "value": {"a": 1}, "metric_type": "info"}], r"value.a: must be a string"),
        ]
        for data, msg in cases:
            with self.subTest(msg=msg):
                with self.assertRaisesRegex(ValueError, msg):
                    validate_simplepipe(data)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.peer = Peer()
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.peer.close()
        self.tmp.cleanup()

    def run_cli(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as e:
                code = e.code
        return code, out.getvalue(), err.getvalue()

    def write(self, name, text):
        p = os.path.join(self.tmp.name, name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def test_push_fixture(self):
        code, out, err = self.run_cli("push", os.path.join(FIXTURES, "metric.json"), "--job", "simple",
                                      "--url", self.peer.url, "--token", "t")
        self.assertEqual(code, 0, err)
        self.assertIn("pushed 1 metric(s)", out)
        r = self.peer.last()
        self.assertEqual(r["path"], "/api/v1/simplepipe?job=simple")
        self.assertEqual(r["headers"]["Authorization"], "Bearer t")

    def test_bad_json_exits_2_without_request(self):
        p = self.write("m.json", '[{"name": "x",')
        code, _, err = self.run_cli("push", p, "--job", "j", "--url", self.peer.url)
        self.assertEqual(code, 2)
        self.assertIn("invalid JSON at line 1", err)
        self.assertEqual(self.peer.requests, [])

    def test_bad_metric_exits_2(self):
        p = self.write("m.json", '[{"name": "x", "description": "d", "value": "abc", "metric_type": "gauge"}]')
        code, _, err = self.run_cli("push", p, "--job", "j", "--url", self.peer.url)
        self.assertEqual(code, 2)
        self.assertIn("'abc' is not a number", err)

    def test_not_json_extension_and_missing_file(self):
        p = self.write("m.txt", "[]")
        self.assertEqual(self.run_cli("push", p, "--job", "j", "--url", self.peer.url)[0], 2)
        code, _, err = self.run_cli("push", p + ".nope.json", "--job", "j", "--url", self.peer.url)
        self.assertEqual(code, 2)
        self.assertIn("no such file", err)

    def test_bad_label_and_missing_job(self):
        p = os.path.join(FIXTURES, "metric.json")
        self.assertEqual(self.run_cli("push", p, "--job", "j", "--label", "novalue")[0], 2)
        self.assertEqual(self.run_cli("push", p)[0], 2)

    def test_server_error_exits_1_with_message(self):
        self.peer.status = 400
        self.peer.answer = b"metrics[0].value: bad"
        code, _, err = self.run_cli("push", os.path.join(FIXTURES, "metric.json"), "--job", "j",
                                    "--url", self.peer.url)
        self.assertEqual(code, 1)
        self.assertIn("HTTP 400: metrics[0].value: bad", err)


if __name__ == "__main__":
    unittest.main()
