class Variable:
    calls = []

    @staticmethod
    def get(key, default_var=None):
        Variable.calls.append(key)
        return default_var
