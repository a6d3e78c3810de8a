"""Daily: prepare the data interval's date, score it, then monitor it.

Each task is a Spark application submitted to the cluster (lakeml_airflow.submit), keyed on the
data interval's date ({{ ds }}) and idempotent: a rerun or a retry replaces exactly that date
(replaceWhere on event_date and score_date), so clearing a task, an Airflow backfill
(`airflow dags backfill -s 2001-05-01 -e 2001-06-30 lakeml_daily`) or a catch-up never
duplicates rows or leaves gaps. Catch-up is on: dates missed during an outage run, oldest first,
one date at a time (max_active_runs=1), so prep's quality history and monitoring's trailing
days see the dates in order. Scoring has an SLA at 06:00 the next day, the deadline the dataset
declares (monitor.sla.deadline = "T+1 06:00"). Scoring waits for prep: a date whose data breaks its checks
(DATA, exit 3) is not scored until someone looks at it. Monitoring records the date's drift,
performance, SLA and alerts; a blocking alert (exit 7) fails the task without a retry, so a
person sees it before anything is promoted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow import DAG
from airflow.datasets import Dataset

from lakeml_airflow import DEFAULT_ARGS, RETRAIN_REQUESTS_URI
from lakeml_airflow.submit import task

with DAG(
    dag_id="lakeml_daily",
    description="lakeml: data-prep, batch scoring and monitoring of the day",
    schedule="@daily",
    start_date=datetime(2001, 5, 1),
    catchup=True,  # missed dates run, oldest first; dates before start_date: `airflow dags backfill`
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lakeml"],
) as dag:
    prep = task("prep", ["prep", "--date", "{{ ds }}"])
    score = task("score", ["score", "--date", "{{ ds }}"], sla=timedelta(hours=6))
    # A finished monitor may have opened a retraining request: lakeml_retrain_request looks.
    monitor = task("monitor", ["monitor", "--date", "{{ ds }}"], outlets=[Dataset(RETRAIN_REQUESTS_URI)])
    prep >> score >> monitor
