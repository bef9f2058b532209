"""Benchmarks of vinhdanh's hot paths against their raw-SQL floor (run: python -m benchmarks --help)."""
