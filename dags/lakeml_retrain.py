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
from airflow.models.param import Param

from lakeml_airflow import DEFAULT_ARGS
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

# Triggered by hand (or by a sensor on retrain_requests) with the id of an open retraining request
# that monitoring opened: trains on the request's window, evaluates, stops at staging. The person
# who reviewed the request promotes with lakeml_promote, or closes it as rejected (docs/RUNBOOK.md).
with DAG(
    dag_id="lakeml_retrain_request",
    description="lakeml: train on an open retraining request's window and evaluate the version",
    schedule=None,
    start_date=datetime(2001, 5, 6),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"request": Param("", type="string", minLength=1)},
    tags=["lakeml"],
) as requested:
    train_request = task("train", ["train", "--request", "{{ params.request }}"])
    evaluate_request = task("evaluate", ["evaluate"], skip_on_gate=True)
    train_request >> evaluate_request
