import os

from airflow.exceptions import AirflowNotFoundException


class BaseHook:
    @staticmethod
    def get_connection(conn_id):
        """As Airflow does for connections given by environment: AIRFLOW_CONN_<ID>."""
        uri = os.environ.get("AIRFLOW_CONN_" + conn_id.upper())
        if uri is None:
            raise AirflowNotFoundException(f"The conn_id `{conn_id}` isn't defined")
        return uri
