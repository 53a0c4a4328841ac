"""MetricCollector: collects metrics and pushes them over HTTP (urllib only)."""

import base64
import json
import math
import os
import threading
import urllib.error
import urllib.parse
import urllib.request

from ._text import (
    CONTENT_TYPE,
    check_label_name,
    check_metric_name,
    render_text,
)

METRIC_TYPES = ("gauge", "summary", "histogram", "info", "counter")  # counter: a TaskScope extension


class PushError(Exception):
    """The server answered a push, push-add, delete or Simplepipe push with a status other than 2xx
    (``status`` is the HTTP status, ``message`` the server's explanation), or could not be reached (``status`` 0)."""

    def __init__(self, method, url, status, message):
        self.method = method
        self.url = url
        self.status = status
        self.message = message
        if status:
            text = "%s %s failed: HTTP %d%s" % (method, url, status, (": " + message) if message else "")
        else:
            text = "%s %s failed: %s" % (method, url, message)
        super().__init__(text)


def _segment(name, value):
    if not isinstance(value, str):
        value = str(value)
    if value == "":
        return "/%s@base64/=" % name
    if "/" in value or value in (".", ".."):
        # "/" would split the segment; "." and ".." would be removed by path normalisation.
        return "/%s@base64/%s" % (name, base64.urlsafe_b64encode(value.encode("utf-8")).decode("ascii"))
    return "/%s/%s" % (name, urllib.parse.quote(value, safe=""))


def grouping_path(job, grouping_key=None):
    """``/metrics/job/{job}{/{label}/{value}}*`` with ``@base64`` for values that are empty or hold ``/``."""
    if not job:
        raise ValueError("job name must not be empty")
    parts = ["/metrics", _segment("job", job)]
    for k, v in sorted((grouping_key or {}).items()):
        check_label_name(k)
        if k == "job":
            raise ValueError("'job' is given as job=, not in grouping_key")
        parts.append(_segment(k, v))
    return "".join(parts)


def _is_number(v):
    return isinstance(v, (int, float))  # bool too, as Simplepipe's float(value) takes it


def validate_simplepipe(metrics):
    """Checks a list in Simplepipe's metrics format; raises ValueError naming the first problem. Returns the list."""
    if not isinstance(metrics, list):
        raise ValueError("metrics must be a JSON list of objects, got %s" % type(metrics).__name__)
    for i, m in enumerate(metrics):
        where = "metrics[%d]" % i
        if not isinstance(m, dict):
            raise ValueError("%s: must be an object, got %s" % (where, type(m).__name__))
        for field in ("name", "description", "value", "metric_type"):
            if field not in m:
                raise ValueError("%s: missing field %r" % (where, field))
        name = m["name"]
        if not isinstance(name, str):
            raise ValueError("%s.name: must be a string" % where)
        try:
            check_metric_name(name)
        except ValueError as e:
            raise ValueError("%s.name: %s" % (where, e)) from None
        where = "metrics[%d] (%s)" % (i, name)
        if not isinstance(m["description"], str):
            raise ValueError("%s.description: must be a string" % where)
        typ = m["metric_type"]
        if typ not in METRIC_TYPES:
            raise ValueError("%s.metric_type: %r is not one of %s" % (where, typ, ", ".join(METRIC_TYPES)))
        value = m["value"]
        if typ == "info":
            if not isinstance(value, dict):
                raise ValueError("%s.value: an info metric needs an object of string values" % where)
            for k, v in value.items():
                try:
                    check_label_name(k)
                except ValueError as e:
                    raise ValueError("%s.value: %s" % (where, e)) from None
                if not isinstance(v, str):
                    raise ValueError("%s.value.%s: must be a string" % (where, k))
        else:
            if isinstance(value, str):
                try:
                    number = float(value)
                except ValueError:
                    raise ValueError("%s.value: %r is not a number" % (where, value)) from None
            elif _is_number(value):
                number = float(value)
            else:
                raise ValueError("%s.value: must be a number (or a string holding one), got %s"
                                 % (where, type(value).__name__))
            if typ == "counter" and (math.isnan(number) or number < 0):
                raise ValueError("%s.value: a counter cannot be %r" % (where, value))
    return metrics


def load_metrics_file(path):
    """Reads and validates a Simplepipe metrics file (must end in .json, as in Simplepipe)."""
    if not os.path.exists(path):
        raise ValueError("%s: no such file" % path)
    if not path.endswith(".json"):
        raise ValueError("%s: not a .json file (Simplepipe metrics files are JSON)" % path)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ValueError("%s: not UTF-8: %s" % (path, e)) from None
    except json.JSONDecodeError as e:
        raise ValueError("%s: invalid JSON at line %d column %d: %s" % (path, e.lineno, e.colno, e.msg)) from None
    try:
        return validate_simplepipe(data)
    except ValueError as e:
        raise ValueError("%s: %s" % (path, e)) from None


class MetricCollector:
    """Collects gauges, counters and info metrics and pushes them for one group.

    ``url`` is the base URL of TaskScope or a Pushgateway (``http://`` is assumed without a scheme); ``token`` is a
    TaskScope tenant's bearer token; ``timeout`` in seconds applies to every request.
    """

    def __init__(self, url, token=None, timeout=10):
        if not url:
            raise ValueError("url is required")
        if "://" not in url:
            url = "http://" + url
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise ValueError("url must be http or https: %s" % url)
        self.url = url.rstrip("/")
        self.token = token or None
        self.timeout = timeout
        self._lock = threading.Lock()
        self._families = {}  # name -> [type, help, {labels tuple: value}]

    # ---- collecting ----
    def _set(self, name, typ, help_text, labels, value):
        check_metric_name(name)
        labels = dict(labels or {})
        for k, v in labels.items():
            check_label_name(k)
            if not isinstance(v, str):
                raise ValueError("label %s of %s must be a string" % (k, name))
        value = float(value)
        with self._lock:
            fam = self._families.get(name)
            if fam is None:
                fam = self._families[name] = [typ, help_text, {}]
            elif fam[0] != typ:
                raise ValueError("metric %s was already added as %s, cannot add it as %s" % (name, fam[0], typ))
            elif help_text is not None:
                fam[1] = help_text
            fam[2][tuple(sorted(labels.items()))] = value
        return self

    def gauge(self, name, help_text, value, labels=None):
        """Sets a gauge sample."""
        return self._set(name, "gauge", help_text, labels, value)

    def counter(self, name, help_text, value, labels=None):
        """Sets a counter sample (by convention the name ends in _total); cannot be negative."""
        if float(value) < 0 or math.isnan(float(value)):
            raise ValueError("counter %s cannot be %r" % (name, value))
        return self._set(name, "counter", help_text, labels, value)

    def info(self, name, help_text, info):
        """Sets ``name_info{k="v",...} 1`` (suffix added unless present), written as a gauge."""
        name = name if name.endswith("_info") else name + "_info"
        with self._lock:
            if name in self._families:
                self._families[name][2].clear()
        return self._set(name, "gauge", help_text, info, 1)

    def clear(self):
        with self._lock:
            self._families.clear()
        return self

    def text(self):
        """The body push() sends: the collected metrics in text format 0.0.4."""
        with self._lock:
            fams = [(n, f[0], f[1], [(dict(k), v) for k, v in f[2].items()]) for n, f in self._families.items()]
        return render_text(fams)

    # ---- sending ----
    def push(self, job, grouping_key=None):
        """PUT: replaces every metric of the group with the collected ones."""
        self._send("PUT", self.url + grouping_path(job, grouping_key), self.text().encode("utf-8"), CONTENT_TYPE)

    def pushadd(self, job, grouping_key=None):
        """POST: replaces only the group's metrics with the same names as the collected ones."""
        self._send("POST", self.url + grouping_path(job, grouping_key), self.text().encode("utf-8"), CONTENT_TYPE)

    def delete(self, job, grouping_key=None):
        """DELETE: removes the group."""
        self._send("DELETE", self.url + grouping_path(job, grouping_key), None, None)

    def parse_and_push(self, metrics, job_name, grouping_key=None):
        """Simplepipe's call: validates the list of {name, description, value, metric_type} and pushes it to
        ``/api/v1/simplepipe?job=JOB&label=NAME=VALUE...``, which replaces the group of ``job_name`` (plus the grouping
        labels) with it."""
        if not job_name:
            raise ValueError("job name must not be empty")
        validate_simplepipe(metrics)
        query = [("job", job_name)]
        for k, v in sorted((grouping_key or {}).items()):
            check_label_name(k)
            if k == "job":
                raise ValueError("'job' is given as job_name, not in grouping_key")
            query.append(("label", "%s=%s" % (k, v)))
        url = self.url + "/api/v1/simplepipe?" + urllib.parse.urlencode(query)
        self._send("POST", url, json.dumps(metrics).encode("utf-8"), "application/json")

    def load_and_push(self, fp, job_name, grouping_key=None):
        """Simplepipe's file variant: reads a .json metrics file and pushes it."""
        self.parse_and_push(load_metrics_file(fp), job_name, grouping_key)

    def _send(self, method, url, body, content_type):
        req = urllib.request.Request(url, data=body, method=method)
        if content_type:
            req.add_header("Content-Type", content_type)
        if self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as e:
            try:
                message = e.read().decode("utf-8", "replace").strip()
            except Exception:  # noqa: BLE001 - the status alone is still worth reporting
                message = ""
            raise PushError(method, url, e.code, message) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise PushError(method, url, 0, "cannot reach server: %s" % reason) from None
