"""veille's own errors: what the library raises for a caller to catch, whatever door it came in by."""


class VeilleError(Exception):
    """Anything veille refuses or cannot do, said in a sentence for the user."""


class StoreError(VeilleError):
    """The store cannot be used as it is (in use, not a store, newer, corrupt); the message
    says why in a sentence for the user."""


class StoreBusy(StoreError):
    """Another process has the store open: DuckDB lets one process write a file, and none
    open it while it writes."""


class QueryError(VeilleError, ValueError):
    """A query's arguments make no sense (a root code out of CAMEO, a date that is not one)."""


class SettingsError(VeilleError):
    """A settings file that cannot be read, or names a key veille does not have."""


class ExportError(VeilleError, ValueError):
    """An export veille cannot write (an unknown format)."""
