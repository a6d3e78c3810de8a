"""Weekly: train a new version on the window that ends with the data interval, then evaluate it.

The window is explicit, derived from the data interval (the `window_days` days before its end),
so a rerun of last week's run trains on last week's window, not on whatever the config says when
it happens to run.

Training registers a dev version; evaluation moves it to staging if it passes the gate. A GATE
refusal (exit 4) marks evaluation skipped, not failed: the gate did its job. Promotion to
production needs a person's approval: the `lakeml_promote` DAG, triggered by hand.
Training resumes from its last epoch checkpoint on a retry (a lost spot instance is EXTERNAL).
"""

from __future__ import annotations

from datetime import datetime

from airflow import DAG
from airflow.datasets import Dataset
from airflow.models.param import Param

from lakeml_airflow import DEFAULT_ARGS, RETRAIN_REQUESTS_URI
from lakeml_airflow.submit import task

with DAG(
    dag_id="lakeml_retrain",
    description="lakeml: train a version and evaluate it against production",
    schedule="@weekly",
    start_date=datetime(2001, 5, 6),
    catchup=False,
    max_active_runs=1,  # one training at a time
    default_args=DEFAULT_ARGS,
    params={"window_days": Param(120, type="integer", minimum=1)},
    tags=["lakeml"],
) as dag:
    train = task("train", ["train",
                           "--set", "lakeml.train.from={{ macros.ds_add(data_interval_end | ds, -params.window_days) }}",
                           "--set", "lakeml.train.to={{ macros.ds_add(data_interval_end | ds, -1) }}"])
    evaluate = task("evaluate", ["evaluate"], skip_on_gate=True)
    train >> evaluate

# Runs after every daily monitor (the Airflow Dataset lakeml://retrain_requests), or by hand with a
# request's id: trains on the dataset's open retraining request's window ("next"), evaluates, stops
# at staging. Without an open request, train exits 4 (nothing to do) and both tasks are skipped.
# The person who reviews the request promotes with lakeml_promote, or closes it as rejected
# (docs/RUNBOOK.md).
with DAG(
    dag_id="lakeml_retrain_request",
    description="lakeml: train on an open retraining request's window and evaluate the version",
    schedule=[Dataset(RETRAIN_REQUESTS_URI)],
    start_date=datetime(2001, 5, 6),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"request": Param("next", type="string", minLength=1)},
    tags=["lakeml"],
) as requested:
    train_request = task("train", ["train", "--request", "{{ params.request }}"], skip_on_gate=True)
    evaluate_request = task("evaluate", ["evaluate"], skip_on_gate=True)
    train_request >> evaluate_request
