"""The DAG files imported with the stand-in for Airflow (tests/stub/airflow), and their commands
rendered as Airflow renders them: for check_dags.py and pipeline.py."""

from __future__ import annotations

import importlib
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import jinja2

DAGS = Path(__file__).resolve().parent.parent
REPO = DAGS.parent
sys.path[:0] = [str(DAGS / "tests" / "stub"), str(DAGS)]

import airflow  # noqa: E402  (the stand-in)
import lakeml_airflow  # noqa: E402
from lakeml_airflow import submit  # noqa: E402

DAG_FILES = ["lakeml_daily", "lakeml_retrain", "lakeml_promote"]
for name in DAG_FILES:
    importlib.import_module(name)


class _Macros:
    @staticmethod
    def ds_add(ds: str, days: int) -> str:
        return (date.fromisoformat(ds) + timedelta(days=days)).isoformat()


class _Variables:
    """``var.value`` in a template: ``values``, else the default the DAG gives."""

    values: dict = {}

    @classmethod
    def get(cls, key, default=None):
        return cls.values.get(key, default)


_JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined)
_JINJA.filters["ds"] = lambda d: d.strftime("%Y-%m-%d")


def render(arg: str, ds: str, params: dict, interval_days: int = 1) -> str:
    """Renders a template as Airflow would for the run whose data interval starts at ``ds``."""
    start = datetime.fromisoformat(ds)
    context = {"ds": ds, "params": params, "macros": _Macros, "var": {"value": _Variables},
               "data_interval_start": start, "data_interval_end": start + timedelta(days=interval_days)}
    return _JINJA.from_string(arg).render(context)


def params_of(dag_id: str, given: dict | None) -> dict:
    dag = airflow.dags[dag_id]
    params = {k: getattr(v, "default", v) for k, v in dag.kwargs.get("params", {}).items()}
    params.update(given or {})
    return params


def commands(dag_id: str, ds: str = "2001-05-01", params: dict | None = None) -> dict:
    """The lakeml command of every task of a DAG, rendered; params default to the DAG's own."""
    dag = airflow.dags[dag_id]
    given = params_of(dag_id, params)
    return {t.task_id: [render(a, ds, given) for a in t.lakeml_args] for t in dag.tasks.values()}


def submits(dag_id: str, ds: str, params: dict | None = None, interval_days: int = 1) -> list[list[str]]:
    """What each task of a DAG run submits, in dependency order: [main class, application args...]."""
    dag = airflow.dags[dag_id]
    given = params_of(dag_id, params)
    ordered, seen = [], set()
    pending = list(dag.tasks.values())
    while pending:  # a task after everything upstream of it
        ready = [t for t in pending if not any(t.task_id in u.downstream for u in pending if u is not t)]
        for t in ready:
            ordered.append([t.java_class, *[render(a, ds, given, interval_days) for a in t.application_args]])
            seen.add(t.task_id)
        pending = [t for t in pending if t.task_id not in seen]
    return ordered
