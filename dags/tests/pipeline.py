"""The commands the DAGs submit, rendered from the DAG files for a run of the whole pipeline.

    python3 dags/tests/pipeline.py CONF [--short] > submits.txt
    LAKEML_SUBMIT_LIST=submits.txt bin/local-cluster

One line per spark-submit, shell-quoted: main class, then application arguments, with the Airflow
Variable lakeml_conf set to CONF. The sequence (.ci/pipeline-on-cluster runs it on the loopback
standalone cluster):
a backfill prep of the first week (`lakeml prep --from --to`, as docs/OPERATIONS.md says), the
weekly retrain DAG on that week (train >> evaluate) and the promote DAG; then the daily DAG for
three consecutive dates (prep >> score >> monitor each); then the retrain DAG again on the ten
days so far and the promote DAG for its version (what CI runs). With --short: the daily DAG for the
first date only, and no second retrain.
"""

from __future__ import annotations

import shlex
import sys

from dagfiles import _Variables, submit, submits

DAYS = ["2001-01-08", "2001-01-09", "2001-01-10"]


def pipeline(conf: str, short: bool = False) -> list[list[str]]:
    _Variables.values = {"lakeml_conf": conf}
    run = [[submit.CLI_MAIN, "prep", "--from", "2001-01-01", "--to", "2001-01-07", "--conf", conf]]
    # The weekly run whose data interval is 2001-01-01 .. 2001-01-08: trains on January 1-7.
    run += submits("lakeml_retrain", "2001-01-01", {"window_days": 7}, interval_days=7)
    run += submits("lakeml_promote", "2001-01-08", {"version": 1, "approved_by": "ci", "reason": "first model"})
    for day in DAYS[:1] if short else DAYS:
        run += submits("lakeml_daily", day)
    if short:
        return run
    # The weekly run whose data interval ends 2001-01-11: trains on January 1-10.
    run += submits("lakeml_retrain", "2001-01-04", {"window_days": 10}, interval_days=7)
    run += submits("lakeml_promote", "2001-01-11", {"version": 2, "approved_by": "ci", "reason": "ten days"})
    return run


if __name__ == "__main__":
    for line in pipeline(sys.argv[1], short="--short" in sys.argv[2:]):
        print(shlex.join(line))
