#!/usr/bin/env python3
"""Alternating timed runs of `esabridge parse` builds against `wc -l` on the same log (docs/PERFORMANCE.md, "Method").

Usage: bench/pair-runs.py ROUNDS LOG NAME=EXECUTABLE [NAME=EXECUTABLE ...] [--csv FILE] [--windows N]

Each round runs `wc -l LOG`, then every build's `parse LOG > /dev/null` (the builds' order reversed every other round,
so neither always runs first). Wall time is taken with a monotonic clock around each process (to the microsecond;
`/usr/bin/time` gives hundredths, a quarter of `wc -l`'s 0.04 s), CPU time (user + sys) and peak RSS from the
kernel's account of the child (wait4). It prints, per build, the median and range of the wall time, the median CPU
and RSS, the median and quartiles of `parse` / `wc -l` within each round and in how many rounds it was within issue
18's ten times, in how many it read at least 400 MB/s, and against the first build named: the median of the per-round
wall and CPU ratios and in how many rounds it was faster. With --csv, every run goes to FILE too (round, UTC time,
program, wall, CPU, RSS); with --windows N, the same figures per N consecutive rounds (their UTC times, `wc -l`, each
build's median wall and ratio to `wc -l`, rounds within ten times): both show how the machine's phases moved them.
"""
import csv
import datetime
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
    arguments = sys.argv[1:]
    csv_path = None
    if '--csv' in arguments:
        at = arguments.index('--csv')
        if at + 1 >= len(arguments):
            sys.exit("pair-runs: --csv needs a file name")
        csv_path = arguments[at + 1]
        del arguments[at:at + 2]
    window = 0
    if '--windows' in arguments:
        at = arguments.index('--windows')
        if at + 1 >= len(arguments) or not arguments[at + 1].isdigit() or int(arguments[at + 1]) == 0:
            sys.exit("pair-runs: --windows needs a number of rounds")
        window = int(arguments[at + 1])
        del arguments[at:at + 2]
    if len(arguments) < 3 or not arguments[0].isdigit() or any('=' not in a for a in arguments[2:]):
        sys.exit(__doc__.strip().splitlines()[2])
    rounds, log = int(arguments[0]), arguments[1]
    builds = [argument.split('=', 1) for argument in arguments[2:]]
    if not os.access(log, os.R_OK):
        sys.exit(f"pair-runs: cannot read {log}")
    runs = {name: [] for name, _ in builds}
    counts = []
    rows = []
    for round_number in range(rounds):
        counted = run(['wc', '-l', log])
        counts.append(counted[0])
        rows.append((round_number + 1, utc_now(), 'wc -l') + counted)
        for name, executable in builds if round_number % 2 == 0 else builds[::-1]:
            ran = run([executable, 'parse', log])
            runs[name].append(ran)
            rows.append((round_number + 1, utc_now(), name) + ran)
    if csv_path is not None:
        with open(csv_path, 'w', newline='') as out:
            writer = csv.writer(out)
            writer.writerow(['round', 'utc', 'program', 'wall_s', 'cpu_s', 'peak_rss_mb'])
            writer.writerows((r[0], r[1], r[2], f"{r[3]:.4f}", f"{r[4]:.3f}", f"{r[5]:.1f}") for r in rows)
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
        quartiles = statistics.quantiles(against_count, n=4, method='inclusive') if rounds > 1 else against_count * 3
        print(f"{name}: wall median {median(wall):.4f} s ({size / median(wall):.0f} MB/s; min {min(wall):.4f}, "
              f"max {max(wall):.4f}), CPU median {median(cpu):.3f} s, peak RSS median {median(rss):.1f} MB; "
              f"times wc -l median {median(against_count):.2f} (quartiles {quartiles[0]:.2f}-{quartiles[2]:.2f}, "
              f"best {min(against_count):.2f}, worst {max(against_count):.2f}; within 10 times in "
              f"{sum(1 for r in against_count if r <= 10)} of {rounds}); at least 400 MB/s in "
              f"{sum(1 for w in wall if size / w >= 400)} of {rounds}"
              + ("" if name == first else
                 f"; against {first}: wall {median(paired_wall):.3f}, CPU {median(paired_cpu):.3f}, "
                 f"faster in {sum(1 for r in paired_wall if r < 1)} of {rounds}"))
    if window:
        print_windows(window, rows, builds)


def print_windows(window, rows, builds):
    """Per `window` rounds: when, `wc -l`'s median, and each build's median wall, ratio and rounds within ten times."""
    median = statistics.median
    by_round = {}
    for row in rows:
        by_round.setdefault(row[0], {})[row[2]] = row
    rounds = sorted(by_round)
    for first in range(0, len(rounds), window):
        runs = [by_round[r] for r in rounds[first:first + window]]
        line = (f"rounds {rounds[first]}-{rounds[first] + len(runs) - 1} ({runs[0]['wc -l'][1]}-{runs[-1]['wc -l'][1]} UTC): "
                f"wc -l {median(r['wc -l'][3] for r in runs):.4f} s")
        for name, _ in builds:
            ratios = [r[name][3] / r['wc -l'][3] for r in runs]
            line += (f"; {name} {median(r[name][3] for r in runs):.3f} s, {median(ratios):.2f} times "
                     f"({sum(1 for x in ratios if x <= 10)} of {len(runs)} within 10)")
        print(line)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%H:%M:%S')


if __name__ == '__main__':
    main()
