"""Tests of the job image definition where no container engine is available.

Run after `mvn -B -DskipTests package` (CI runs it): every path the Dockerfile copies exists, and
the entrypoint, run directly in a folder laid out as the image's /opt/lakeml, maps each command to
its main class and runs a real lakeml command through Spark's own SparkSubmit.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "docker" / "Dockerfile"
ENTRYPOINT = REPO / "docker" / "lakeml-entrypoint"


def copies() -> list[tuple[str, str]]:
    """(source, destination) of every COPY in the Dockerfile."""
    pairs = []
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY "):
            source, destination = line.split()[1:3]
            pairs.append((source, destination))
    return pairs


def image_home() -> Path:
    """A folder laid out as the image's /opt/lakeml, from the Dockerfile's own COPY lines."""
    home = Path(tempfile.mkdtemp())
    for source, destination in copies():
        if not destination.startswith("/opt/lakeml/"):
            continue  # into Spark's own folders (the S3A jars), not lakeml's home
        target = home / Path(destination).relative_to("/opt/lakeml")
        if source.endswith("/"):
            shutil.copytree(REPO / source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(REPO / source, target)
    return home


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


class ImageDefinition(unittest.TestCase):
    def test_every_path_the_dockerfile_copies_exists_after_the_build(self):
        self.assertGreaterEqual(len(copies()), 4)
        for source, _ in copies():
            self.assertTrue((REPO / source).exists(), f"COPY {source}: missing (run mvn -B -DskipTests package)")

    def test_the_image_gets_the_s3a_connector_of_sparks_hadoop(self):
        jars = dict(copies())
        self.assertEqual(jars.get("dist/target/s3a-jars/"), "/opt/spark/jars/")
        names = sorted(p.name for p in (REPO / "dist/target/s3a-jars").iterdir())
        runtime = (REPO / "tools/spark-runtime/target/spark-classpath.txt").read_text()
        hadoop = re.search(r"hadoop-client-api-([0-9.]+)\.jar", runtime).group(1)
        self.assertIn(f"hadoop-aws-{hadoop}.jar", names)
        self.assertTrue(any(n.startswith("aws-java-sdk-bundle-") for n in names), names)

    def test_the_entrypoint_submits_each_job_with_its_main_class(self):
        home = image_home()
        fake = script(home, "fake-submit", f'printf "%s\\n" "$@" > {home}/args\n')
        env = {**os.environ, "LAKEML_HOME": str(home), "SPARK_SUBMIT": str(fake)}
        for command, main in (("prep", "io.lakeml.prep.PrepMain"), ("reproduce", "io.lakeml.train.ReproduceMain"),
                              ("registry", "io.lakeml.cli.LakemlMain")):
            subprocess.run([str(ENTRYPOINT), command, "--date", "2001-05-01"], env=env, check=True)
            args = (home / "args").read_text().split()
            expected_args = ["--date", "2001-05-01"] if main != "io.lakeml.cli.LakemlMain" else [command, "--date", "2001-05-01"]
            self.assertEqual(args, ["--properties-file", f"{home}/conf/spark-defaults.conf", "--class", main,
                                    f"{home}/lakeml-app.jar", *expected_args])

    def test_the_entrypoint_and_the_dags_agree_on_every_main_class(self):
        tree = ast.parse((REPO / "dags" / "lakeml_airflow" / "submit.py").read_text())
        dags = next(ast.literal_eval(n.value) for n in tree.body
                    if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "MAIN_CLASSES")
        home = image_home()
        fake = script(home, "fake-submit", f'printf "%s\\n" "$@" > {home}/args\n')
        env = {**os.environ, "LAKEML_HOME": str(home), "SPARK_SUBMIT": str(fake)}
        for command, main in dags.items():
            subprocess.run([str(ENTRYPOINT), command], env=env, check=True)
            self.assertEqual((home / "args").read_text().split()[3], main, command)

    def test_driver_and_executor_pods_go_to_sparks_own_entrypoint(self):
        done = subprocess.run([str(ENTRYPOINT), "executor"], capture_output=True, text=True,
                              env={**os.environ, "LAKEML_HOME": str(image_home())})
        self.assertNotEqual(done.returncode, 0)  # no Spark image here: /opt/entrypoint.sh is what it runs
        self.assertIn("/opt/entrypoint.sh", done.stderr)

    def test_a_real_command_runs_through_spark_submit(self):
        home = image_home()
        classpath = (REPO / "tools" / "spark-runtime" / "target" / "spark-classpath.txt").read_text().strip()
        opens = (REPO / "app" / "target" / "jvm-options.txt").read_text().strip()
        submit = script(home, "spark-submit",
                        f'exec java -Xmx1g {opens} -cp "{classpath}" org.apache.spark.deploy.SparkSubmit '
                        f"--master 'local[1]' \"$@\"\n")
        done = subprocess.run([str(ENTRYPOINT), "sql", "SELECT 41 + 1 AS answer"], capture_output=True, text=True,
                              env={**os.environ, "LAKEML_HOME": str(home), "SPARK_SUBMIT": str(submit)})
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("42", done.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
