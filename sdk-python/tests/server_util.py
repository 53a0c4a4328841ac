"""Helpers for the tests that run against a real TaskScope (env TASKSCOPE_URL)."""

import json
import os
import urllib.request

URL = os.environ.get("TASKSCOPE_URL")
SKIP_REASON = "set TASKSCOPE_URL to run the tests against a TaskScope server (the e2e Maven module does)"


OWN_PREFIXES = ("taskscope_", "jvm_", "process_", "go_", "pushgateway_", "promhttp_")


def get(path):
    with urllib.request.urlopen(URL.rstrip("/") + path, timeout=10) as r:
        return r.read().decode("utf-8")


def groups():
    """GET /api/v1/metrics -> {frozenset(group labels): group json}."""
    data = json.loads(get("/api/v1/metrics"))
    assert data["status"] == "success", data
    return {frozenset(g["labels"].items()): g for g in data["data"]}


def group(**labels):
    return groups().get(frozenset(labels.items()))


def samples():
    """Pushed samples on /metrics (the server's own series left out) as {(name, frozenset(labels)): value}."""
    out = {}
    for line in get("/metrics").splitlines():
        if not line or line.startswith("#"):
            continue
        name, labels, value = parse_line(line)
        if name.startswith(OWN_PREFIXES):
            continue
        out[(name, frozenset(labels.items()))] = value
    return out


def parse_line(line):
    i = 0
    while i < len(line) and line[i] not in "{ ":
        i += 1
    name, labels = line[:i], {}
    if i < len(line) and line[i] == "{":
        i += 1
        while line[i] != "}":
            if line[i] in ", ":
                i += 1
                continue
            eq = line.index("=", i)
            k = line[i:eq]
            i = eq + 2
            v = []
            while line[i] != '"':
                if line[i] == "\\":
                    i += 1
                    v.append("\n" if line[i] == "n" else line[i])
                else:
                    v.append(line[i])
                i += 1
            i += 1
            if v:  # an empty label value is the same as no label (instance="" is exposed explicitly)
                labels[k] = "".join(v)
        i += 1
    value = line[i:].split()[0]
    return name, labels, float(value.replace("+Inf", "inf").replace("-Inf", "-inf"))


def delete_all(*grouping):
    for g in grouping:
        req = urllib.request.Request(URL.rstrip("/") + g, method="DELETE")
        urllib.request.urlopen(req, timeout=10).read()
