"""A stand-in for the few pieces of Airflow the lakeml DAG files use, recording what they declare.

Airflow itself cannot be installed where lakeml's tests run (no PyPI); this records DAGs, tasks,
their arguments and dependencies so check_dags.py can test the DAG files' structure and the
commands they would run. It implements nothing of Airflow's scheduling.
"""

_current = []
dags = {}


class DAG:
    def __init__(self, dag_id, default_args=None, **kwargs):
        self.dag_id = dag_id
        self.default_args = dict(default_args or {})
        self.kwargs = kwargs
        self.tasks = {}
        dags[dag_id] = self

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False


def current_dag():
    if not _current:
        raise AssertionError("A task was declared outside a DAG context")
    return _current[-1]
