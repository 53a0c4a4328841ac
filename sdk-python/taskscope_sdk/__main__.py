"""python3 -m taskscope_sdk push FILE.json --job JOB [--url URL] [--label k=v]... [--token T]"""

import argparse
import os
import sys

from ._client import MetricCollector, PushError, load_metrics_file
from ._text import check_label_name


def _label(s):
    if "=" not in s:
        raise argparse.ArgumentTypeError("expected k=v, got %r" % s)
    k, v = s.split("=", 1)
    try:
        check_label_name(k)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    if k == "job":
        raise argparse.ArgumentTypeError("the job is given with --job, not --label")
    return k, v


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m taskscope_sdk",
                                description="Push metrics to TaskScope (or a Pushgateway).")
    sub = p.add_subparsers(dest="command", required=True)
    push = sub.add_parser("push", help="validate a Simplepipe metrics JSON file and push it")
    push.add_argument("file", metavar="FILE.json")
    push.add_argument("--job", required=True)
    push.add_argument("--url", default=os.environ.get("TASKSCOPE_URL", "http://localhost:9470"),
                      help="base URL (default $TASKSCOPE_URL or http://localhost:9470)")
    push.add_argument("--label", action="append", type=_label, default=[], metavar="k=v",
                      help="grouping label; may be repeated")
    push.add_argument("--token", default=os.environ.get("TASKSCOPE_TOKEN"),
                      help="bearer token (default $TASKSCOPE_TOKEN)")
    push.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    args = p.parse_args(argv)

    if not args.job:
        print("error: --job must not be empty", file=sys.stderr)
        return 2
    try:
        metrics = load_metrics_file(args.file)
    except (ValueError, OSError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    try:
        MetricCollector(args.url, token=args.token, timeout=args.timeout).parse_and_push(
            metrics, args.job, grouping_key=dict(args.label))
    except PushError as e:
        print("error: push failed: %s" % e, file=sys.stderr)
        return 1
    except ValueError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    print("pushed %d metric(s) from %s to %s as job %s" % (len(metrics), args.file, args.url, args.job))
    return 0


if __name__ == "__main__":
    sys.exit(main())
