"""Running lakeml commands from Airflow tasks, with lakeml's exit codes mapped to Airflow's outcomes.

Only EXTERNAL failures (exit 5: storage, network, cluster) are worth a retry; a USER, DATA or
INTERNAL failure fails the task at once (retrying would only repeat it), and a GATE refusal
(exit 4: evaluation kept the model out of staging) skips what depends on it: the pipeline did
its job. A blocking monitoring alert (exit 7: everything was recorded, and a rule marked blocking
fired) fails the task without a retry: promotion paths wait for a person. Nothing is read from Airflow's metadata database when a DAG file is parsed: the lakeml
installation is found when the task runs (the environment variable LAKEML_HOME, else the
Airflow Variable ``lakeml_home``).
"""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from typing import Sequence

CATEGORIES = {2: "USER", 3: "DATA", 4: "GATE", 5: "EXTERNAL", 6: "INTERNAL", 7: "BLOCKING ALERT"}
RETRYABLE = {5}

# Every lakeml task: retried for EXTERNAL failures only (see run), three times, with backoff.
DEFAULT_ARGS = {
    "owner": "lakeml",
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=4),
}


def lakeml_home() -> str:
    """The lakeml installation, resolved at task run time (never at DAG parse time)."""
    home = os.environ.get("LAKEML_HOME")
    if home:
        return home
    from airflow.models import Variable  # only when a task runs: no database call while parsing

    return Variable.get("lakeml_home")


def run(args: Sequence[str], skip_on_gate: bool = False) -> None:
    """Runs ``bin/lakeml <args>``; raises what Airflow should do with its exit code."""
    from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException

    command = [os.path.join(lakeml_home(), "bin", "lakeml"), *args]
    code = subprocess.run(command, check=False).returncode
    if code == 0:
        return
    category = CATEGORIES.get(code, "UNKNOWN")
    what = f"lakeml {' '.join(args)} exited with {code} ({category})"
    if code in RETRYABLE:
        raise AirflowException(f"{what}: an external failure, retried")
    if code == 4 and skip_on_gate:
        raise AirflowSkipException(f"{what}: the model did not pass the gate, nothing to promote")
    raise AirflowFailException(f"{what}: not retried, a rerun would fail the same way; the task log has lakeml's message")


def task(task_id: str, args: Sequence[str], skip_on_gate: bool = False, **kwargs):
    """A PythonOperator running one lakeml command; ``args`` are templated ({{ ds }} and the like)."""
    from airflow.operators.python import PythonOperator

    return PythonOperator(
        task_id=task_id,
        python_callable=run,
        op_args=[list(args)],
        op_kwargs={"skip_on_gate": skip_on_gate},
        **kwargs,
    )
