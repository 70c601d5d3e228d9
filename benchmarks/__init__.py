"""Benchmarks: generator and suite (see docs/performance.md)."""
