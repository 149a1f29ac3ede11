"""PySpark's worker daemon with veille's model loaded before it forks: one load per executor.

Spark starts this module (`spark.python.daemon.module=veille.spark.daemon`) once per executor
and forks a Python worker from it for each task slot; the workers inherit the loaded pipeline
(veille.nlp.load's cache) instead of each spending seconds and memory on its own copy.
"""

from pyspark import daemon

if __name__ == "__main__":
    try:
        from threadpoolctl import threadpool_limits

        from veille.nlp import load

        load("fr")
        # One BLAS thread per task slot, as in veille.pipeline's workers: more would fight the
        # other slots for the cores.
        threadpool_limits(1)
    except Exception:  # noqa: BLE001 - a worker loads it itself and reports the real error
        pass
    daemon.manager()
