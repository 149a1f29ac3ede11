"""PySpark's worker daemon with veille's model loaded before it forks: one load per executor.

Spark starts this module (`spark.python.daemon.module=veille.spark.daemon`) once per executor
and forks a Python worker from it for each task slot; the workers inherit the loaded pipeline
(veille.nlp.load's cache) instead of each spending seconds and memory on its own copy.
"""

from pyspark import daemon

if __name__ == "__main__":
    try:
        from veille.nlp import load

        load("fr")
    except Exception:  # noqa: BLE001 - a worker loads it itself and reports the real error
        pass
    daemon.manager()
