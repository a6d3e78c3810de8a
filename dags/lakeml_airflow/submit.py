"""``LakemlSubmitOperator``: one lakeml command as a Spark application submitted to the cluster."""

from __future__ import annotations

from typing import Sequence

from airflow.exceptions import AirflowException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

from lakeml_airflow import exit_code, outcome

# Each job's own main class (the same arguments as `lakeml <command>`, without the command word);
# anything else goes through the command line's main class with the command word.
MAIN_CLASSES = {
    "prep": "io.lakeml.prep.PrepMain",
    "train": "io.lakeml.train.TrainMain",
    "evaluate": "io.lakeml.evaluate.EvaluateMain",
    "score": "io.lakeml.score.ScoreMain",
    "monitor": "io.lakeml.monitor.MonitorMain",
    "reproduce": "io.lakeml.train.ReproduceMain",
    "tune": "io.lakeml.train.TuneMain",
}
CLI_MAIN = "io.lakeml.cli.LakemlMain"
CONN_ID = "lakeml_spark"
# Rendered when the task runs, never while the file is parsed.
APP_JAR = "{{ var.value.get('lakeml_app_jar', '/opt/lakeml/lakeml-app.jar') }}"
LAKEML_CONF = "{{ var.value.get('lakeml_conf', '/opt/lakeml/conf/cluster.conf') }}"
SPARK_DEFAULTS = "{{ var.value.get('lakeml_spark_defaults', '/opt/lakeml/conf/spark-defaults.conf') }}"


def submitted(args: Sequence[str]) -> tuple[str, list[str]]:
    """The main class and application arguments that run ``lakeml <args>``."""
    command, rest = args[0], list(args[1:])
    if command in MAIN_CLASSES:
        return MAIN_CLASSES[command], [*rest, "--conf", LAKEML_CONF]
    return CLI_MAIN, [command, *rest, "--conf", LAKEML_CONF]


class LakemlSubmitOperator(SparkSubmitOperator):
    """Submits ``lakeml <args>`` (templated: ``{{ ds }}``, params) and maps its exit code.

    ``spark-defaults.conf`` (built with the jar: the driver's Java 17 flags, one OpenMP thread per
    executor) is the properties file; the connection ``lakeml_spark`` names the master.
    """

    def __init__(self, *, lakeml_args: Sequence[str], skip_on_gate: bool = False, **kwargs):
        java_class, application_args = submitted(lakeml_args)
        kwargs.setdefault("conn_id", CONN_ID)
        super().__init__(application=APP_JAR, java_class=java_class, application_args=application_args,
                         properties_file=SPARK_DEFAULTS, name=f"lakeml-{lakeml_args[0]}", **kwargs)
        self.lakeml_args = list(lakeml_args)
        self.skip_on_gate = skip_on_gate

    def execute(self, context):
        check_connection(self.conn_id)
        try:
            return super().execute(context)
        except AirflowException as e:
            raise outcome(exit_code(str(e)), f"lakeml {' '.join(self.lakeml_args)}", self.skip_on_gate) from e


def check_connection(conn_id: str) -> None:
    """Refuses to submit without the connection: the Spark hook would quietly fall back to YARN."""
    from airflow.exceptions import AirflowFailException, AirflowNotFoundException
    from airflow.hooks.base import BaseHook

    try:
        BaseHook.get_connection(conn_id)
    except AirflowNotFoundException as e:
        raise AirflowFailException(
            f"The Airflow connection {conn_id} does not exist: create it with the cluster's master, e.g. "
            f"airflow connections add {conn_id} --conn-uri spark://spark-master:7077 (docs/OPERATIONS.md)") from e


def record_failure(context) -> None:
    """``on_failure_callback``: records the failed task as a critical alert through lakeml
    (``lakeml alerts record``, in the ``alerts`` table beside monitoring's), so the failure is where
    analysts and the runbook look. Never raises: the task's own failure is what matters."""
    from airflow.models import Variable
    from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook

    ti = context["task_instance"]
    subject = f"{ti.dag_id}.{ti.task_id}"
    message = f"Airflow task {subject} failed for {context['ds']} (try {ti.try_number}): {context.get('exception')}"
    args = ["alerts", "record", "--kind", "task-failed", "--severity", "critical", "--subject", subject,
            "--date", context["ds"], "--message", message[:2000],
            "--conf", Variable.get("lakeml_conf", default_var="/opt/lakeml/conf/cluster.conf")]
    hook = SparkSubmitHook(conn_id=CONN_ID, java_class=CLI_MAIN, application_args=args, name="lakeml-alert",
                           properties_file=Variable.get("lakeml_spark_defaults",
                                                        default_var="/opt/lakeml/conf/spark-defaults.conf"))
    try:
        hook.submit(Variable.get("lakeml_app_jar", default_var="/opt/lakeml/lakeml-app.jar"))
    except Exception as e:  # noqa: BLE001  a callback must not hide the task's own failure
        ti.log.warning("Could not record the failure of %s as a lakeml alert: %s", subject, e)


def task(task_id: str, args: Sequence[str], skip_on_gate: bool = False, **kwargs) -> LakemlSubmitOperator:
    """The task running ``lakeml <args>`` on the cluster; a failure is recorded as an alert."""
    kwargs.setdefault("on_failure_callback", record_failure)
    return LakemlSubmitOperator(task_id=task_id, lakeml_args=args, skip_on_gate=skip_on_gate, **kwargs)
