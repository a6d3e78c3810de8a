class AirflowException(Exception):
    """Fails the task; Airflow retries it while retries are left."""


class AirflowFailException(AirflowException):
    """Fails the task without retrying it."""


class AirflowSkipException(AirflowException):
    """Marks the task skipped (and, by default, what depends on it)."""


class AirflowNotFoundException(AirflowException):
    """A connection or variable that does not exist."""
