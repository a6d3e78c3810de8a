"""A stand-in for the Spark provider's SparkSubmitOperator: records its arguments and submits
through the (stand-in) SparkSubmitHook, which fails as the real one does on a non-zero exit."""

from airflow import current_dag
from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook


class SparkSubmitOperator:
    template_fields = ("application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
                       "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
                       "env_vars", "properties_file")

    def __init__(self, *, task_id, application="", conf=None, conn_id="spark_default", java_class=None,
                 application_args=None, properties_file=None, name="arrow-spark", **kwargs):
        self.dag = current_dag()
        self.task_id = task_id
        self.application = application
        self.conf = dict(conf or {})
        self.conn_id = conn_id
        self.java_class = java_class
        self.application_args = list(application_args or [])
        self.properties_file = properties_file
        self.name = name
        self.args = {**self.dag.default_args, **kwargs}
        self.downstream = set()
        if task_id in self.dag.tasks:
            raise AssertionError(f"Task {task_id} declared twice in {self.dag.dag_id}")
        self.dag.tasks[task_id] = self

    def __rshift__(self, other):
        self.downstream.add(other.task_id)
        return other

    def execute(self, context):
        SparkSubmitHook(conn_id=self.conn_id, java_class=self.java_class, application_args=self.application_args,
                        properties_file=self.properties_file, name=self.name).submit(self.application)
