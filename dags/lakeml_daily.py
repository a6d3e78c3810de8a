"""Daily: prepare the data interval's date, score it, then monitor it.

Each task is keyed on the data interval's date ({{ ds }}) and idempotent: a rerun or a retry
replaces exactly that date (replaceWhere on event_date and score_date), so clearing a task, an
Airflow backfill (`airflow dags backfill -s 2001-05-01 -e 2001-06-30 lakeml_daily`) or a catch-up
never duplicates rows or leaves gaps. Scoring waits for prep: a date whose data breaks its checks
(DATA, exit 3) is not scored until someone looks at it. Monitoring records the date's drift,
performance, SLA and alerts; a blocking alert (exit 7) fails the task without a retry, so a
person sees it before anything is promoted.
"""

from __future__ import annotations

from datetime import datetime

from airflow import DAG

from lakeml_airflow import DEFAULT_ARGS, task

with DAG(
    dag_id="lakeml_daily",
    description="lakeml: data-prep, batch scoring and monitoring of the day",
    schedule="@daily",
    start_date=datetime(2001, 5, 1),
    catchup=False,  # dates before deployment: `airflow dags backfill`
    max_active_runs=4,
    default_args=DEFAULT_ARGS,
    tags=["lakeml"],
) as dag:
    prep = task("prep", ["prep", "--date", "{{ ds }}"])
    score = task("score", ["score", "--date", "{{ ds }}"])
    monitor = task("monitor", ["monitor", "--date", "{{ ds }}"])
    prep >> score >> monitor
