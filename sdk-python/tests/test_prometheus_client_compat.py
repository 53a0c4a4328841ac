"""Debian's python3-prometheus-client (push_to_gateway, pushadd_to_gateway, delete_from_gateway) against TaskScope
(TASKSCOPE_URL), exactly as Pushgateway users call it."""

import unittest

import _path  # noqa: F401
from server_util import SKIP_REASON, URL, group, groups, samples

try:
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, Summary
    from prometheus_client import delete_from_gateway, push_to_gateway, pushadd_to_gateway
    HAVE_CLIENT = True
except ImportError:  # pragma: no cover - bin/test installs python3-prometheus-client
    HAVE_CLIENT = False


@unittest.skipUnless(URL, SKIP_REASON)
@unittest.skipUnless(HAVE_CLIENT, "python3-prometheus-client is not installed (bin/test installs it)")
class PrometheusClientCompatTest(unittest.TestCase):
    def registry(self, value=1.0):
        r = CollectorRegistry()
        Gauge("pc_last_success", "Last time the batch job succeeded", registry=r).set(value)
        Counter("pc_records", "records processed", ["kind"], registry=r).labels("a").inc(3)
        Histogram("pc_duration_seconds", "duration", registry=r).observe(0.3)
        Summary("pc_size_bytes", "size", registry=r).observe(42)
        Info("pc_build", "build info", registry=r).info({"version": "1.0", "commit": "abc"})
        return r

    def test_push_with_plain_grouping_key(self):
        push_to_gateway(URL, job="pc-batch", registry=self.registry(), grouping_key={"instance": "host1"})
        s = samples()
        base = {"job": "pc-batch", "instance": "host1"}
        self.assertEqual(s[("pc_last_success", frozenset(base.items()))], 1.0)
        self.assertEqual(s[("pc_records_total", frozenset(dict(base, kind="a").items()))], 3)
        self.assertEqual(s[("pc_duration_seconds_bucket", frozenset(dict(base, le="0.5").items()))], 1)
        self.assertEqual(s[("pc_duration_seconds_count", frozenset(base.items()))], 1)
        self.assertEqual(s[("pc_size_bytes_sum", frozenset(base.items()))], 42)
        self.assertEqual(s[("pc_build_info", frozenset(dict(base, version="1.0", commit="abc").items()))], 1)
        g = group(**base)
        self.assertEqual(g["pc_last_success"]["type"], "GAUGE")
        self.assertEqual(g["pc_records_total"]["type"], "COUNTER")
        self.assertEqual(g["pc_duration_seconds"]["type"], "HISTOGRAM")
        self.assertEqual(g["pc_size_bytes"]["type"], "SUMMARY")
        delete_from_gateway(URL, job="pc-batch", grouping_key={"instance": "host1"})
        self.assertIsNone(group(**base))

    def test_grouping_values_needing_base64(self):
        keys = [{"path": "/var/lib/data"}, {"empty": ""}, {"mixed": "a/b c+d", "other": "x"}]
        for k in keys:
            push_to_gateway(URL, job="pc-b64/job", registry=self.registry(2), grouping_key=k)
        for k in keys:
            labels = dict(k, job="pc-b64/job")
            self.assertIsNotNone(group(**labels), "group %s" % labels)
            expose = {n: v for n, v in labels.items() if v != ""}
            self.assertEqual(samples()[("pc_last_success", frozenset(expose.items()))], 2)
        for k in keys:
            delete_from_gateway(URL, job="pc-b64/job", grouping_key=k)
        left = [g for g in groups() if ("job", "pc-b64/job") in g]
        self.assertEqual(left, [])

    def test_pushadd_replaces_only_same_named(self):
        push_to_gateway(URL, job="pc-add", registry=self.registry(1))
        r = CollectorRegistry()
        Gauge("pc_last_success", "Last time the batch job succeeded", registry=r).set(5)
        Gauge("pc_extra", "extra", registry=r).set(7)
        pushadd_to_gateway(URL, job="pc-add", registry=r)
        s = samples()
        self.assertEqual(s[("pc_last_success", frozenset({"job": "pc-add"}.items()))], 5)
        self.assertEqual(s[("pc_extra", frozenset({"job": "pc-add"}.items()))], 7)
        self.assertIn(("pc_size_bytes_sum", frozenset({"job": "pc-add"}.items())), s, "POST keeps other metrics")
        push_to_gateway(URL, job="pc-add", registry=r)
        self.assertNotIn(("pc_size_bytes_sum", frozenset({"job": "pc-add"}.items())), samples(),
                         "PUT replaces the group")
        delete_from_gateway(URL, job="pc-add")

    def test_conflicting_push_raises_and_stores_nothing(self):
        push_to_gateway(URL, job="pc-c1", registry=self.registry())
        r = CollectorRegistry()
        Summary("pc_last_success", "now a summary", registry=r).observe(1)
        before = samples()
        with self.assertRaises(Exception) as cm:  # urllib.error.HTTPError from the client's handler
            push_to_gateway(URL, job="pc-c2", registry=r)
        self.assertIn("400", str(cm.exception))
        after = {k: v for k, v in samples().items() if k[0] not in ("push_time_seconds", "push_failure_time_seconds")}
        self.assertEqual(after, {k: v for k, v in before.items()
                                 if k[0] not in ("push_time_seconds", "push_failure_time_seconds")})
        delete_from_gateway(URL, job="pc-c1")
        delete_from_gateway(URL, job="pc-c2")


if __name__ == "__main__":
    unittest.main()
