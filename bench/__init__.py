"""The benchmark suite of issue #12: a generator of a large programme and the benchmarks
that measure the portal against a reference in the same run (``make bench``)."""
