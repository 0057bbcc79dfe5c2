#!/usr/bin/env python3
"""Times commands by hand-run repetition: median wall time and the peak RSS
of the slowest run (from wait4's rusage). Not a test: numbers go into
docs/performance.md.

usage: measure.py RUNS LABEL -- CMD ARGS...
"""
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main():
    runs = int(sys.argv[1])
    label = sys.argv[2]
    cmd = sys.argv[sys.argv.index('--') + 1:]
    results = [run_once(cmd) for _ in range(runs)]
    times = [r[0] for r in results]
    peak_kb = max(r[1] for r in results)
    print('%-28s median %8.1f ms  min %8.1f ms  peak RSS %6.1f MB  exit %d  (%d runs)' % (
        label, statistics.median(times) * 1000, min(times) * 1000, peak_kb / 1024, results[0][2], runs))


if __name__ == '__main__':
    main()
