"""Tests of lakeml's Airflow DAG files without Airflow (which cannot be installed here: no PyPI).

Run: python3 dags/tests/check_dags.py (CI runs it; with LAKEML_CHECK_CLI=1 it also asks the real
bin/lakeml to parse every command the DAGs would run). The DAG files are imported with a
stand-in for the Airflow API they use (tests/stub/airflow), which records DAGs and tasks; the
exit-code mapping is run against a fake bin/lakeml that exits with a given code.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

DAGS = Path(__file__).resolve().parent.parent
REPO = DAGS.parent
sys.path[:0] = [str(DAGS / "tests" / "stub"), str(DAGS)]

import airflow  # noqa: E402  (the stand-in)
from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException  # noqa: E402
from airflow.models import Variable  # noqa: E402

import lakeml_airflow  # noqa: E402

DAG_FILES = ["lakeml_daily", "lakeml_retrain", "lakeml_promote"]
for name in DAG_FILES:
    importlib.import_module(name)


def render(arg: str, ds: str, params: dict) -> str:
    """Renders the Jinja expressions the DAGs use: {{ ds }} and {{ params.<key> }}."""
    def value(m):
        expr = m.group(1).strip()
        if expr == "ds":
            return ds
        if expr.startswith("params."):
            return str(params[expr[len("params."):]])
        raise AssertionError(f"Unexpected template expression {{{{ {expr} }}}} in {arg!r}")
    return re.sub(r"\{\{(.*?)\}\}", value, arg)


def commands(dag_id: str, ds: str = "2001-05-01", params: dict | None = None) -> dict:
    dag = airflow.dags[dag_id]
    return {t.task_id: [render(a, ds, params or {}) for a in t.op_args[0]] for t in dag.tasks.values()}


class DagStructure(unittest.TestCase):
    def test_nothing_reads_airflow_variables_while_parsing(self):
        self.assertEqual(Variable.calls, [])

    def test_the_dags_and_their_tasks(self):
        self.assertEqual(set(airflow.dags), {"lakeml_daily", "lakeml_retrain", "lakeml_retrain_request",
                                             "lakeml_promote", "lakeml_rollback"})
        daily = airflow.dags["lakeml_daily"]
        self.assertEqual(daily.kwargs["schedule"], "@daily")
        self.assertEqual(daily.tasks["prep"].downstream, {"score"})
        self.assertEqual(daily.tasks["score"].downstream, {"monitor"})
        retrain = airflow.dags["lakeml_retrain"]
        self.assertEqual(retrain.tasks["train"].downstream, {"evaluate"})
        self.assertTrue(retrain.tasks["evaluate"].op_kwargs["skip_on_gate"])
        self.assertEqual(retrain.kwargs["max_active_runs"], 1)
        for dag_id in ("lakeml_promote", "lakeml_rollback", "lakeml_retrain_request"):
            self.assertIsNone(airflow.dags[dag_id].kwargs["schedule"])

    def test_every_task_is_retried_and_runs_lakeml(self):
        for dag in airflow.dags.values():
            for t in dag.tasks.values():
                self.assertIs(t.python_callable, lakeml_airflow.run, f"{dag.dag_id}.{t.task_id}")
                self.assertGreaterEqual(t.args["retries"], 1, f"{dag.dag_id}.{t.task_id}")
                self.assertIn("execution_timeout", t.args)

    def test_daily_tasks_are_keyed_on_the_data_interval(self):
        self.assertEqual(commands("lakeml_daily", "2001-05-07"), {
            "prep": ["prep", "--date", "2001-05-07"],
            "score": ["score", "--date", "2001-05-07"],
            "monitor": ["monitor", "--date", "2001-05-07"],
        })

    def test_a_retraining_request_is_trained_then_evaluated(self):
        self.assertEqual(commands("lakeml_retrain_request", params={"request": "716bdfc0d77a"}),
                         {"train": ["train", "--request", "716bdfc0d77a"], "evaluate": ["evaluate"]})
        self.assertIsNone(airflow.dags["lakeml_retrain_request"].kwargs["schedule"])

    def test_promotion_passes_the_approval_on(self):
        self.assertEqual(commands("lakeml_promote", params={"version": 3, "approved_by": "alice", "reason": "AUC up"}),
                         {"promote": ["registry", "promote", "--model-version", "3", "--to", "production", "--approved-by", "alice",
                                      "--reason", "AUC up"]})
        self.assertEqual(commands("lakeml_rollback", params={"reason": "drift"}),
                         {"rollback": ["registry", "rollback", "--reason", "drift"]})


class ExitCodes(unittest.TestCase):
    """lakeml_airflow.run against a fake bin/lakeml: only EXTERNAL is retried, GATE can skip."""

    def setUp(self):
        self.home = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.home, "bin"))
        self.args_file = os.path.join(self.home, "args")
        fake = os.path.join(self.home, "bin", "lakeml")
        with open(fake, "w") as f:
            f.write(f'#!/bin/sh\nprintf "%s\\n" "$@" > {self.args_file}\nexit "$FAKE_EXIT"\n')
        os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
        os.environ["LAKEML_HOME"] = self.home

    def run_with(self, code: int, skip_on_gate: bool = False):
        os.environ["FAKE_EXIT"] = str(code)
        lakeml_airflow.run(["score", "--date", "2001-05-01"], skip_on_gate=skip_on_gate)

    def test_success_passes_the_arguments_through(self):
        self.run_with(0)
        self.assertEqual(Path(self.args_file).read_text().split(), ["score", "--date", "2001-05-01"])

    def test_only_external_failures_are_retried(self):
        with self.assertRaises(AirflowException) as external:
            self.run_with(5)
        self.assertNotIsInstance(external.exception, AirflowFailException)
        self.assertIn("EXTERNAL", str(external.exception))
        for code, category in ((2, "USER"), (3, "DATA"), (6, "INTERNAL"), (1, "UNKNOWN")):
            with self.assertRaises(AirflowFailException) as failed:
                self.run_with(code)
            self.assertIn(f"exited with {code} ({category})", str(failed.exception))

    def test_a_gate_refusal_skips_when_asked_and_fails_otherwise(self):
        with self.assertRaises(AirflowSkipException):
            self.run_with(4, skip_on_gate=True)
        with self.assertRaises(AirflowFailException):
            self.run_with(4)


@unittest.skipUnless(os.environ.get("LAKEML_CHECK_CLI") == "1", "set LAKEML_CHECK_CLI=1 to run the real bin/lakeml")
class RealCommandLine(unittest.TestCase):
    """Every command the DAGs would run names a real bin/lakeml command and only options it has.

    Asked with --help, so nothing runs; picocli prints the usage of the command the arguments
    name (it does not reject unknown options once --help is given, hence the check of the names).
    """

    def test_bin_lakeml_knows_every_command_and_option(self):
        rendered = []
        rendered += commands("lakeml_daily").values()
        rendered += commands("lakeml_retrain").values()
        rendered += commands("lakeml_promote", params={"version": 3, "approved_by": "alice", "reason": "r"}).values()
        rendered += commands("lakeml_rollback", params={"reason": "r"}).values()
        for args in rendered:
            done = subprocess.run([str(REPO / "bin" / "lakeml"), *args, "--help"], capture_output=True, text=True)
            shown = " ".join(args)
            self.assertEqual(done.returncode, 0, f"bin/lakeml {shown} --help: {done.stdout}{done.stderr}")
            words = [a for a in args if not a.startswith("-")][:2]
            usage = done.stdout
            self.assertIn(f"Usage: lakeml {args[0]}", usage, f"bin/lakeml {shown}")
            for option in (a.split("=")[0] for a in args if a.startswith("--")):
                self.assertRegex(usage, re.escape(option) + r"\b", f"bin/lakeml {shown}: no option {option}")
            if args[0] == "registry":
                self.assertIn(f"Usage: lakeml registry {words[1]}", usage, f"bin/lakeml {shown}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
