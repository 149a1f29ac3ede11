"""Veille on Apache Spark: `run_job` writes the store's tables as Parquet; `load_parquet_dir` loads them."""

from veille.spark.job import JobSummary, run_job
from veille.spark.load import load_parquet_dir

__all__ = ["JobSummary", "load_parquet_dir", "run_job"]
