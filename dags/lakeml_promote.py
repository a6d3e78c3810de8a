"""By hand: promote a staging version to production, roll production back, or roll a version out.

Trigger `lakeml_promote` with {"version": 3, "approved_by": "alice", "reason": "AUC +0.01 on May"},
`lakeml_rollback` with {"reason": "v3 drifts on June data"}, or `lakeml_rollout` with
{"version": 4, "steps": "10,50", "days_per_step": 2, "start": "2001-05-01", "approved_by": "alice",
"reason": "new features"}: the daily DAG's scoring then serves it as challenger on that schedule and
its monitoring halts the rollout when the challenger is worse; `lakeml_promote` finishes it. The registry records who approved
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

with DAG(
    dag_id="lakeml_rollout",
    description="lakeml: serve a staging version as challenger to a growing share of rows, approved by a person",
    params={
        "version": Param(1, type="integer", minimum=1),
        "steps": Param("10,50", type="string", pattern=r"^[0-9]+(,[0-9]+)*$"),
        "days_per_step": Param(1, type="integer", minimum=1),
        "start": Param("", type="string", pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        "approved_by": Param("", type="string", minLength=1),
        "reason": Param("", type="string", minLength=1),
    },
    **COMMON,
) as rollout_dag:
    task("rollout", ["registry", "rollout", "--model-version", "{{ params.version }}", "--steps", "{{ params.steps }}",
                     "--days-per-step", "{{ params.days_per_step }}", "--start", "{{ params.start }}",
                     "--approved-by", "{{ params.approved_by }}", "--reason", "{{ params.reason }}"])
