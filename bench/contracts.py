"""Benchmark 4: contract PDFs (registered here once the grants app lands)."""
