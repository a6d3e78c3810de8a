class Dataset:
    """Airflow's data-aware scheduling: a URI that producer tasks update and consumer DAGs wait for."""

    def __init__(self, uri):
        self.uri = uri

    def __eq__(self, other):
        return isinstance(other, Dataset) and other.uri == self.uri

    def __hash__(self):
        return hash(self.uri)
