"""Benchmarks: each module starts what it measures and prints its figures."""
