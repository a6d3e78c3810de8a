"""Tests of lakeml's Airflow DAG files without Airflow (which cannot be installed here: no PyPI).

Run: python3 dags/tests/check_dags.py (CI runs it; with LAKEML_CHECK_CLI=1 it also asks the real
bin/lakeml to parse every command the DAGs would run). The DAG files are imported with a
stand-in for the Airflow API they use (tests/stub/airflow), which records DAGs and tasks; the
exit-code mapping is run against a fake spark-submit that exits with a given code.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import tempfile
import unittest
import zipfile
from datetime import timedelta
from pathlib import Path

from dagfiles import REPO, airflow, commands, lakeml_airflow, render, submit  # noqa: E402  (imports the DAGs)
from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException  # noqa: E402
from airflow.datasets import Dataset  # noqa: E402
from airflow.models import Variable  # noqa: E402

ROLLOUT = {"version": 4, "steps": "10,50", "days_per_step": 2, "start": "2001-05-01", "approved_by": "alice",
           "reason": "new features"}


class DagStructure(unittest.TestCase):
    def test_nothing_reads_airflow_variables_while_parsing(self):
        self.assertEqual(Variable.calls, [])

    def test_missed_dates_run_oldest_first_one_at_a_time_with_the_scoring_deadline(self):
        daily = airflow.dags["lakeml_daily"]
        self.assertTrue(daily.kwargs["catchup"])
        self.assertEqual(daily.kwargs["max_active_runs"], 1)
        self.assertEqual(daily.tasks["score"].args["sla"], timedelta(hours=6))

    def test_the_dags_and_their_tasks(self):
        self.assertEqual(set(airflow.dags), {"lakeml_daily", "lakeml_retrain", "lakeml_retrain_request",
                                             "lakeml_promote", "lakeml_rollback", "lakeml_rollout"})
        daily = airflow.dags["lakeml_daily"]
        self.assertEqual(daily.kwargs["schedule"], "@daily")
        self.assertEqual(daily.tasks["prep"].downstream, {"score"})
        self.assertEqual(daily.tasks["score"].downstream, {"monitor"})
        retrain = airflow.dags["lakeml_retrain"]
        self.assertEqual(retrain.tasks["train"].downstream, {"evaluate"})
        self.assertTrue(retrain.tasks["evaluate"].skip_on_gate)
        self.assertEqual(retrain.kwargs["max_active_runs"], 1)
        for dag_id in ("lakeml_promote", "lakeml_rollback", "lakeml_rollout"):
            self.assertIsNone(airflow.dags[dag_id].kwargs["schedule"])

    def test_every_task_submits_the_jar_to_the_cluster_and_is_retried(self):
        for dag in airflow.dags.values():
            for t in dag.tasks.values():
                name = f"{dag.dag_id}.{t.task_id}"
                self.assertIsInstance(t, submit.LakemlSubmitOperator, name)
                self.assertEqual(t.conn_id, "lakeml_spark", name)
                self.assertEqual(render(t.application, "2001-05-01", {}), "/opt/lakeml/lakeml-app.jar", name)
                self.assertEqual(render(t.properties_file, "2001-05-01", {}), "/opt/lakeml/conf/spark-defaults.conf")
                self.assertEqual(t.java_class, submit.MAIN_CLASSES.get(t.lakeml_args[0], submit.CLI_MAIN), name)
                self.assertEqual(t.application_args[-2:], ["--conf", submit.LAKEML_CONF], name)
                self.assertGreaterEqual(t.args["retries"], 1, name)
                self.assertIn("execution_timeout", t.args)

    def test_jobs_run_their_own_main_class_and_the_rest_the_command_line(self):
        self.assertEqual(submit.submitted(["prep", "--date", "2001-05-01"]),
                         ("io.lakeml.prep.PrepMain", ["--date", "2001-05-01", "--conf", submit.LAKEML_CONF]))
        self.assertEqual(submit.submitted(["registry", "rollback", "--reason", "r"]),
                         ("io.lakeml.cli.LakemlMain", ["registry", "rollback", "--reason", "r", "--conf", submit.LAKEML_CONF]))

    def test_retraining_trains_on_the_window_that_ends_with_the_data_interval(self):
        self.assertEqual(commands("lakeml_retrain", "2001-05-12")["train"],
                         ["train", "--set", "lakeml.train.from=2001-01-13", "--set", "lakeml.train.to=2001-05-12"])
        self.assertEqual(commands("lakeml_retrain", "2001-05-12", {"window_days": 30})["train"][2],
                         "lakeml.train.from=2001-04-13")

    def test_daily_tasks_are_keyed_on_the_data_interval(self):
        self.assertEqual(commands("lakeml_daily", "2001-05-07"), {
            "prep": ["prep", "--date", "2001-05-07"],
            "score": ["score", "--date", "2001-05-07"],
            "monitor": ["monitor", "--date", "2001-05-07"],
        })

    def test_a_retraining_request_is_trained_then_evaluated(self):
        self.assertEqual(commands("lakeml_retrain_request", params={"request": "716bdfc0d77a"}),
                         {"train": ["train", "--request", "716bdfc0d77a"], "evaluate": ["evaluate"]})

    def test_every_monitor_run_lets_the_request_dag_look_for_an_open_request(self):
        requests = Dataset(lakeml_airflow.RETRAIN_REQUESTS_URI)
        self.assertEqual(airflow.dags["lakeml_daily"].tasks["monitor"].args["outlets"], [requests])
        dag = airflow.dags["lakeml_retrain_request"]
        self.assertEqual(dag.kwargs["schedule"], [requests])
        self.assertEqual(commands("lakeml_retrain_request")["train"], ["train", "--request", "next"])
        self.assertTrue(dag.tasks["train"].skip_on_gate, "no open request: exit 4, train and evaluate skipped")

    def test_promotion_passes_the_approval_on(self):
        self.assertEqual(commands("lakeml_promote", params={"version": 3, "approved_by": "alice", "reason": "AUC up"}),
                         {"promote": ["registry", "promote", "--model-version", "3", "--to", "production", "--approved-by", "alice",
                                      "--reason", "AUC up"]})
        self.assertEqual(commands("lakeml_rollback", params={"reason": "drift"}),
                         {"rollback": ["registry", "rollback", "--reason", "drift"]})
        self.assertEqual(commands("lakeml_rollout", params=ROLLOUT),
                         {"rollout": ["registry", "rollout", "--model-version", "4", "--steps", "10,50",
                                      "--days-per-step", "2", "--start", "2001-05-01", "--approved-by", "alice",
                                      "--reason", "new features"]})


class ExitCodes(unittest.TestCase):
    """A task against a fake spark-submit: only EXTERNAL is retried, GATE can skip."""

    def setUp(self):
        self.home = tempfile.mkdtemp()
        self.args_file = os.path.join(self.home, "args")
        fake = os.path.join(self.home, "spark-submit")
        with open(fake, "w") as f:
            f.write(f'#!/bin/sh\nprintf "%s\\n" "$@" > {self.args_file}\nexit "$FAKE_EXIT"\n')
        os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
        os.environ["SPARK_SUBMIT"] = fake
        os.environ["AIRFLOW_CONN_LAKEML_SPARK"] = "spark://127.0.0.1:7077"

    def tearDown(self):
        airflow.dags.pop("exit_codes_test", None)

    def run_with(self, code: int, skip_on_gate: bool = False):
        os.environ["FAKE_EXIT"] = str(code)
        airflow.dags.pop("exit_codes_test", None)
        with airflow.DAG("exit_codes_test", default_args=lakeml_airflow.DEFAULT_ARGS):
            t = submit.task("score", ["score", "--date", "{{ ds }}"], skip_on_gate=skip_on_gate)
        # As Airflow renders the template fields before execute.
        t.application, t.properties_file = (render(v, "2001-05-01", {}) for v in (t.application, t.properties_file))
        t.application_args = [render(a, "2001-05-01", {}) for a in t.application_args]
        t.execute({})

    def test_success_submits_the_jobs_main_class_with_its_arguments(self):
        self.run_with(0)
        self.assertEqual(Path(self.args_file).read_text().split(), [
            "--properties-file", "/opt/lakeml/conf/spark-defaults.conf", "--name", "lakeml-score",
            "--class", "io.lakeml.score.ScoreMain", "/opt/lakeml/lakeml-app.jar",
            "--date", "2001-05-01", "--conf", "/opt/lakeml/conf/cluster.conf"])

    def test_only_external_failures_are_retried(self):
        with self.assertRaises(AirflowException) as external:
            self.run_with(5)
        self.assertNotIsInstance(external.exception, AirflowFailException)
        self.assertIn("EXTERNAL", str(external.exception))
        for code, category in ((2, "USER"), (3, "DATA"), (6, "INTERNAL"), (7, "BLOCKING ALERT"), (1, "UNKNOWN")):
            with self.assertRaises(AirflowFailException) as failed:
                self.run_with(code)
            self.assertIn(f"exited with {code} ({category})", str(failed.exception))

    def test_a_gate_refusal_skips_when_asked_and_fails_otherwise(self):
        with self.assertRaises(AirflowSkipException):
            self.run_with(4, skip_on_gate=True)
        with self.assertRaises(AirflowFailException):
            self.run_with(4)

    def test_without_the_connection_nothing_is_submitted(self):
        del os.environ["AIRFLOW_CONN_LAKEML_SPARK"]
        with self.assertRaises(AirflowFailException) as refused:
            self.run_with(0)
        self.assertIn("The Airflow connection lakeml_spark does not exist", str(refused.exception))
        self.assertFalse(Path(self.args_file).exists())

    def test_a_failed_task_is_recorded_as_an_alert_through_lakeml(self):
        class TaskInstance:
            dag_id, task_id, try_number = "lakeml_daily", "score", 2
            log = None

        os.environ["FAKE_EXIT"] = "0"
        submit.record_failure({"task_instance": TaskInstance(), "ds": "2001-05-02", "exception": "exited with 3 (DATA)"})
        self.assertEqual(Path(self.args_file).read_text().splitlines(), [
            "--properties-file", "/opt/lakeml/conf/spark-defaults.conf", "--name", "lakeml-alert",
            "--class", "io.lakeml.cli.LakemlMain", "/opt/lakeml/lakeml-app.jar",
            "alerts", "record", "--kind", "task-failed", "--severity", "critical", "--subject", "lakeml_daily.score",
            "--date", "2001-05-02", "--message",
            "Airflow task lakeml_daily.score failed for 2001-05-02 (try 2): exited with 3 (DATA)",
            "--conf", "/opt/lakeml/conf/cluster.conf"])
        for dag in airflow.dags.values():
            for t in dag.tasks.values():
                self.assertIs(t.args["on_failure_callback"], submit.record_failure, f"{dag.dag_id}.{t.task_id}")

    def test_the_exit_code_is_read_as_the_spark_provider_reports_it(self):
        self.assertEqual(lakeml_airflow.exit_code("Cannot execute: spark-submit ... Error code is: 3."), 3)
        self.assertEqual(lakeml_airflow.exit_code(
            "Cannot execute: x. Error code is: 0. Kubernetes spark exit code is: 4"), 4)
        self.assertIsNone(lakeml_airflow.exit_code("No driver id is known"))


@unittest.skipUnless(os.environ.get("LAKEML_CHECK_CLI") == "1", "set LAKEML_CHECK_CLI=1 to run the real bin/lakeml")
class RealCommandLine(unittest.TestCase):
    """Every command the DAGs would run names a real bin/lakeml command and only options it has.

    Asked with --help, so nothing runs; picocli prints the usage of the command the arguments
    name (it does not reject unknown options once --help is given, hence the check of the names).
    """

    def test_the_jar_holds_every_main_class_and_the_build_writes_spark_defaults(self):
        jar = REPO / "dist" / "target" / "lakeml-app.jar"
        with zipfile.ZipFile(jar) as z:
            names = set(z.namelist())
        for main in [*submit.MAIN_CLASSES.values(), submit.CLI_MAIN]:
            self.assertIn(main.replace(".", "/") + ".class", names)
        defaults = (REPO / "app" / "target" / "spark-defaults.conf").read_text()
        self.assertRegex(defaults, r"spark.driver.extraJavaOptions\s+.*--add-opens=java.base/java.nio=ALL-UNNAMED")

    def test_bin_lakeml_knows_every_command_and_option(self):
        rendered = []
        rendered += commands("lakeml_daily").values()
        rendered += commands("lakeml_retrain").values()
        rendered += commands("lakeml_retrain_request", params={"request": "716bdfc0d77a"}).values()
        rendered.append(["alerts", "record", "--kind", "task-failed", "--severity", "critical", "--subject", "d.t",
                         "--date", "2001-05-02", "--message", "m"])  # what the failure callback submits
        rendered += commands("lakeml_promote", params={"version": 3, "approved_by": "alice", "reason": "r"}).values()
        rendered += commands("lakeml_rollback", params={"reason": "r"}).values()
        rendered += commands("lakeml_rollout", params=ROLLOUT).values()
        for args in rendered:
            done = subprocess.run([str(REPO / "bin" / "lakeml"), *args, "--help"], capture_output=True, text=True)
            shown = " ".join(args)
            self.assertEqual(done.returncode, 0, f"bin/lakeml {shown} --help: {done.stdout}{done.stderr}")
            words = [a for a in args if not a.startswith("-")][:2]
            usage = done.stdout
            self.assertIn(f"Usage: lakeml {args[0]}", usage, f"bin/lakeml {shown}")
            for option in (a.split("=")[0] for a in args if a.startswith("--")):
                self.assertRegex(usage, re.escape(option) + r"\b", f"bin/lakeml {shown}: no option {option}")
            if args[0] in ("registry", "alerts"):
                self.assertIn(f"Usage: lakeml {args[0]} {words[1]}", usage, f"bin/lakeml {shown}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
