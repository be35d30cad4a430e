#!/usr/bin/env python3
"""Alternating timed runs of `esabridge parse` builds against `wc -l` on the same log (docs/PERFORMANCE.md, "Method").

Usage: bench/pair-runs.py ROUNDS LOG NAME=EXECUTABLE [NAME=EXECUTABLE ...]

Each round runs `wc -l LOG`, then every build's `parse LOG > /dev/null` (the builds' order reversed every other round,
so neither always runs first). Wall time is taken with a monotonic clock around each process (to the microsecond;
`/usr/bin/time` gives hundredths, a quarter of `wc -l`'s 0.04 s), CPU time (user + sys) and peak RSS from the
kernel's account of the child (wait4). It prints, per build, the median and range of the wall time, the median CPU
and RSS, the median of `parse` / `wc -l` within each round, and against the first build named: the median of the
per-round wall and CPU ratios and in how many rounds it was faster.
"""
import os
import statistics
import subprocess
import sys
import time


def run(command):
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.exit(f"pair-runs: {' '.join(command)} failed (wait status {status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    if len(sys.argv) < 4 or not sys.argv[1].isdigit() or any('=' not in a for a in sys.argv[3:]):
        sys.exit(__doc__.strip().splitlines()[2])
    rounds, log = int(sys.argv[1]), sys.argv[2]
    builds = [argument.split('=', 1) for argument in sys.argv[3:]]
    if not os.access(log, os.R_OK):
        sys.exit(f"pair-runs: cannot read {log}")
    runs = {name: [] for name, _ in builds}
    counts = []
    for round_number in range(rounds):
        counts.append(run(['wc', '-l', log])[0])
        for name, executable in builds if round_number % 2 == 0 else builds[::-1]:
            runs[name].append(run([executable, 'parse', log]))
    median = statistics.median
    print(f"wc -l: median {median(counts):.4f} s (min {min(counts):.4f}, max {max(counts):.4f}), {rounds} rounds")
    first = builds[0][0]
    for name, _ in builds:
        wall = [r[0] for r in runs[name]]
        cpu = [r[1] for r in runs[name]]
        rss = [r[2] for r in runs[name]]
        against_count = [w / c for w, c in zip(wall, counts)]
        paired_wall = [a[0] / b[0] for a, b in zip(runs[name], runs[first])]
        paired_cpu = [a[1] / b[1] for a, b in zip(runs[name], runs[first])]
        size = os.path.getsize(log) / 1e6
        print(f"{name}: wall median {median(wall):.4f} s ({size / median(wall):.0f} MB/s; min {min(wall):.4f}, "
              f"max {max(wall):.4f}), CPU median {median(cpu):.3f} s, peak RSS median {median(rss):.1f} MB; "
              f"times wc -l median {median(against_count):.2f} (best {min(against_count):.2f})"
              + ("" if name == first else
                 f"; against {first}: wall {median(paired_wall):.3f}, CPU {median(paired_cpu):.3f}, "
                 f"faster in {sum(1 for r in paired_wall if r < 1)} of {rounds}"))


if __name__ == '__main__':
    main()
