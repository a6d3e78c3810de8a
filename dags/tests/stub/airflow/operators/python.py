from airflow import current_dag


class PythonOperator:
    template_fields = ("templates_dict", "op_args", "op_kwargs")

    def __init__(self, task_id, python_callable, op_args=None, op_kwargs=None, **kwargs):
        self.dag = current_dag()
        self.task_id = task_id
        self.python_callable = python_callable
        self.op_args = list(op_args or [])
        self.op_kwargs = dict(op_kwargs or {})
        self.args = {**self.dag.default_args, **kwargs}
        self.downstream = set()
        if task_id in self.dag.tasks:
            raise AssertionError(f"Task {task_id} declared twice in {self.dag.dag_id}")
        self.dag.tasks[task_id] = self

    def __rshift__(self, other):
        self.downstream.add(other.task_id)
        return other
