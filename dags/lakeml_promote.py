"""By hand: promote a staging version to production, or roll production back.

Trigger `lakeml_promote` with {"version": 3, "approved_by": "alice", "reason": "AUC +0.01 on May"},
or `lakeml_rollback` with {"reason": "v3 drifts on June data"}. The registry records who approved
what and why and refuses what its rules do not allow (USER, exit 2: not retried); these DAGs only
pass the request on. No schedule.
"""

from __future__ import annotations

from datetime import datetime

from airflow import DAG
from airflow.models.param import Param

from lakeml_airflow import DEFAULT_ARGS
from lakeml_airflow.submit import task

COMMON = dict(schedule=None, start_date=datetime(2001, 5, 1), catchup=False, max_active_runs=1,
              default_args=DEFAULT_ARGS, tags=["lakeml"])

with DAG(
    dag_id="lakeml_promote",
    description="lakeml: promote a staging version to production, approved by a person",
    params={
        "version": Param(1, type="integer", minimum=1),
        "approved_by": Param("", type="string", minLength=1),
        "reason": Param("", type="string", minLength=1),
    },
    **COMMON,
) as promote_dag:
    task("promote", ["registry", "promote", "--model-version", "{{ params.version }}", "--to", "production",
                     "--approved-by", "{{ params.approved_by }}", "--reason", "{{ params.reason }}"])

with DAG(
    dag_id="lakeml_rollback",
    description="lakeml: roll production back to the previous production version",
    params={"reason": Param("", type="string", minLength=1)},
    **COMMON,
) as rollback_dag:
    task("rollback", ["registry", "rollback", "--reason", "{{ params.reason }}"])
