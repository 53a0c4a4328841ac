"""Prometheus text exposition format 0.0.4 writer (the body of a push)."""

import math
import re

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def check_metric_name(name):
    if not isinstance(name, str) or not METRIC_NAME.match(name):
        raise ValueError("invalid metric name %r: must match [a-zA-Z_:][a-zA-Z0-9_:]*" % (name,))


def check_label_name(name):
    if not isinstance(name, str) or not LABEL_NAME.match(name):
        raise ValueError("invalid label name %r: must match [a-zA-Z_][a-zA-Z0-9_]*" % (name,))
    if name.startswith("__"):
        raise ValueError("invalid label name %r: names starting with __ are reserved" % (name,))


def escape_help(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n")


def escape_label_value(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def format_value(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def render_text(families):
    """families: iterable of (name, type, help or None, [(labels dict, value), ...])."""
    out = []
    for name, typ, help_text, samples in families:
        if help_text is not None:
            out.append("# HELP %s %s\n" % (name, escape_help(help_text)))
        out.append("# TYPE %s %s\n" % (name, typ))
        for labels, value in samples:
            if labels:
                inner = ",".join('%s="%s"' % (k, escape_label_value(v)) for k, v in labels.items())
                out.append("%s{%s} %s\n" % (name, inner, format_value(value)))
            else:
                out.append("%s %s\n" % (name, format_value(value)))
    return "".join(out)
