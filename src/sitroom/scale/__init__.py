"""Scaling out: extraction in a local process pool (``sitroom ingest --workers N``) or on a Dask
cluster (``sitroom batch``), Parquet shards of the results, and bulk loading (``sitroom load``).

Every path runs documents through :func:`sitroom.runner.run`, so reading, rejections and
duplicate marking happen in the calling process, in input order, exactly as with one process;
only extraction itself moves to the workers.
"""
