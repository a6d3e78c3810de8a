"""A stand-in for the Spark provider's SparkSubmitHook: runs spark-submit (``$SPARK_SUBMIT``) in
client mode and raises as the real hook does on a non-zero exit."""

import os
import subprocess

from airflow.exceptions import AirflowException


class SparkSubmitHook:
    def __init__(self, conn_id="spark_default", java_class=None, application_args=None, properties_file=None,
                 name="default-name", **kwargs):
        self.conn_id = conn_id
        self.java_class = java_class
        self.application_args = list(application_args or [])
        self.properties_file = properties_file
        self.name = name

    def submit(self, application=""):
        command = [os.environ.get("SPARK_SUBMIT", "spark-submit"), "--properties-file", self.properties_file,
                   "--name", self.name, "--class", self.java_class, application, *self.application_args]
        code = subprocess.run(command, check=False).returncode
        if code:
            raise AirflowException(f"Cannot execute: {' '.join(command)}. Error code is: {code}.")
