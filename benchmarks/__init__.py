"""``python -m benchmarks [--quick] [--json FILE] [--only ID ...]``: speed and memory as ratios.

Every figure is the median of several runs compared with a baseline measured in the same
run, on the same machine, so the ratios stay comparable on noisy or shared machines. Each
benchmark module runs in its own child process (a crash there fails only its rows, and
each starts without the others' imports or memory); :mod:`benchmarks.runner` collects the
rows, prints the table and writes the JSON. Benchmarks report; they never fail on a missed
target, only when a benchmark itself crashes (exit code 1).
"""
