"""Submitting lakeml's Spark jobs from Airflow, with lakeml's exit codes mapped to Airflow's outcomes.

Every task is a ``LakemlSubmitOperator`` (``lakeml_airflow.submit``): the Spark provider's
``SparkSubmitOperator`` submitting ``lakeml-app.jar`` with the job's own main class to the cluster
the Airflow connection ``lakeml_spark`` names (``spark://``, ``yarn``, ``k8s://``), in client mode
unless the connection says otherwise, so lakeml's log is the task's log. No Maven and no local
Spark on the worker: only ``spark-submit`` and the jar.

Only EXTERNAL failures (exit 5: storage, network, cluster) are worth a retry; a USER, DATA or
INTERNAL failure fails the task at once (retrying would only repeat it), and a GATE refusal
(exit 4: evaluation kept the model out of staging) skips what depends on it: the pipeline did
its job. A blocking monitoring alert (exit 7: everything was recorded, and a rule marked blocking
fired) fails the task without a retry: promotion paths wait for a person. Nothing is read from
Airflow's metadata database when a DAG file is parsed: the jar, the lakeml config and the Spark
properties file are Airflow Variables read in templates, when a task runs.
"""

from __future__ import annotations

import re
from datetime import timedelta

# Written by monitor when a rule opens a retraining request; lakeml_retrain_request runs on it.
RETRAIN_REQUESTS_URI = "lakeml://retrain_requests"

CATEGORIES = {2: "USER", 3: "DATA", 4: "GATE", 5: "EXTERNAL", 6: "INTERNAL", 7: "BLOCKING ALERT"}
RETRYABLE = {5}

# Every lakeml task: retried for EXTERNAL failures only (see outcome), three times, with backoff.
DEFAULT_ARGS = {
    "owner": "lakeml",
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=4),
}

# The exit code in the exception SparkSubmitHook raises when spark-submit exits non-zero (client
# mode), or the driver's exit code it reads from the log (Kubernetes cluster mode).
_EXIT_CODE = re.compile(r"Kubernetes spark exit code is: (\d+)|Error code is: (\d+)")


def exit_code(message: str) -> int | None:
    """lakeml's exit code from a SparkSubmitHook failure message; None when it names none."""
    found = [int(a or b) for a, b in _EXIT_CODE.findall(message)]
    codes = [c for c in found if c != 0]
    return codes[0] if codes else None


def outcome(code: int | None, what: str, skip_on_gate: bool = False) -> Exception:
    """What Airflow should do with a lakeml exit code: the exception to raise."""
    from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException

    if code is None:
        return AirflowException(f"{what} failed without an exit code (a lost submit?): retried")
    category = CATEGORIES.get(code, "UNKNOWN")
    what = f"{what} exited with {code} ({category})"
    if code in RETRYABLE:
        return AirflowException(f"{what}: an external failure, retried")
    if code == 4 and skip_on_gate:
        return AirflowSkipException(f"{what}: the model did not pass the gate, nothing to promote")
    return AirflowFailException(f"{what}: not retried, a rerun would fail the same way; the task log has lakeml's message")
