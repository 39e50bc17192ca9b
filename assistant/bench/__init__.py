"""Benchmarks: commands that measure and print numbers, and keep a Markdown report."""
