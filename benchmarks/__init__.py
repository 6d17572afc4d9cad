"""Benchmarks: a synthetic catalogue generator, a bare-Pelican baseline and the `make bench` harness."""
