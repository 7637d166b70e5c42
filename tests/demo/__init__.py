"""Tests of the offline demo newsroom (data/demo, pipeline/newsroom.py)."""
