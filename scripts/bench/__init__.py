"""Benchmarks and the search evaluation: scripts, not tests (they measure, they do not assert)."""
