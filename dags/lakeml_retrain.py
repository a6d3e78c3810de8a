"""Weekly: train a new version on the configured window, then evaluate it.

Training registers a dev version; evaluation moves it to staging if it passes the gate. A GATE
refusal (exit 4) marks evaluation skipped, not failed: the gate did its job. Promotion to
production needs a person's approval: the `lakeml_promote` DAG, triggered by hand.
Training resumes from its last epoch checkpoint on a retry (a lost spot instance is EXTERNAL).
"""

from __future__ import annotations

from datetime import datetime

from airflow import DAG

from lakeml_airflow import DEFAULT_ARGS, task

with DAG(
    dag_id="lakeml_retrain",
    description="lakeml: train a version and evaluate it against production",
    schedule="@weekly",
    start_date=datetime(2001, 5, 6),
    catchup=False,
    max_active_runs=1,  # one training at a time
    default_args=DEFAULT_ARGS,
    tags=["lakeml"],
) as dag:
    train = task("train", ["train"])
    evaluate = task("evaluate", ["evaluate"], skip_on_gate=True)
    train >> evaluate

# Triggered by hand (or by a sensor on retrain_requests) with the id of an open retraining request
# that monitoring opened: trains on the request's window, evaluates, stops at staging. The person
# who reviewed the request promotes with lakeml_promote, or closes it as rejected (docs/RUNBOOK.md).
from airflow.models.param import Param  # noqa: E402

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
