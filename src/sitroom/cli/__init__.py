"""The ``sitroom`` command line: the only package that imports typer and rich. Each module
holds a group of commands (:mod:`~sitroom.cli.store` the database ones, :mod:`~sitroom.cli.scale`
batch and load, :mod:`~sitroom.cli.export`, :mod:`~sitroom.cli.serve`); :mod:`~sitroom.cli.main`
assembles the app with extract and eval."""

from sitroom.cli.main import app

__all__ = ["app"]
