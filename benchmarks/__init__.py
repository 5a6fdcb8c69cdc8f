"""The benchmark suite: accuracy on data with known truth, speed and memory.

Not part of the installed library. Run from the repository root::

    python -m benchmarks quick   # under two minutes; what CI may run
    python -m benchmarks full    # the whole table in docs/benchmarks.md
"""
