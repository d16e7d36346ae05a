"""Reliability under load: residents' ideas acknowledged are ideas stored, never a 5xx.

    python -m bench.reliability --database sqlite --seconds 60 --write
    python -m bench.reliability --database postgresql://postgres@127.0.0.1:5432/consult_bench \\
        --redis redis://127.0.0.1:6379/14 --write
    python -m bench.reliability --seconds 8 --submitters 5 --lookups 2   # a quick check

Exits 1 when a target is missed. The fault scenarios: `python -m bench.reliability.faults`.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from bench.reliability import report, stack
from bench.reliability.load import LoadOptions, run_load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite",
                        help="sqlite (a temporary file) or a PostgreSQL URL of a database of "
                             "your own: it is dropped and created again")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--submitters", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=20)
    parser.add_argument("--redis", help="Redis URL for the job queue and the rate limits "
                                        "(its database is emptied), e.g. redis://127.0.0.1:6379/14")
    parser.add_argument("--volunteers", type=int, default=stack.DRAW_VOLUNTEERS)
    parser.add_argument("--seats", type=int, default=stack.DRAW_SEATS)
    parser.add_argument("--wait-jobs", type=float, default=60,
                        help="seconds to wait after the window for the run and the draw")
    parser.add_argument("--warmup", type=float, default=5,
                        help="seconds of lookers alone before the window (models load)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if args.database != "sqlite" and not stack.is_postgresql(args.database):
        parser.error("--database is sqlite or a postgresql:// URL")
    command = shlex.join(["python", "-m", "bench.reliability", *sys.argv[1:]])
    load = os.getloadavg()
    result = run_load(LoadOptions(args.database, args.seconds, args.submitters, args.lookups,
                                  args.redis, args.volunteers, args.seats, args.wait_jobs,
                                  args.warmup))
    text = report.section(result, command, load)
    print(text)
    for target, met in result.verdicts().items():
        print(f"{'pass' if met else 'FAIL'}: {target}")
    if args.write:
        report.write(result, text)
        print(f"written to {report.RESULTS.relative_to(stack.ROOT)}")
    sys.exit(0 if result.passed else 1)


if __name__ == "__main__":
    main()
