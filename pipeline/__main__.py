"""``python -m pipeline`` runs the ``pantau`` command line."""

from pipeline.cli import main

main()
