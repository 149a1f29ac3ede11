"""veille's own errors: what the library raises for a caller to catch, whatever door it came in by."""


class VeilleError(Exception):
    """Anything veille refuses or cannot do, said in a sentence for the user."""


class QueryError(VeilleError, ValueError):
    """A query's arguments make no sense (a root code out of CAMEO, a date that is not one)."""
