#!/usr/bin/env python3
"""Times a command against the floor in interleaved pairs.

    python3 benches/paired.py RUNS FLOOR_COMMAND -- COMMAND...

FLOOR_COMMAND is one shell-quoted string; COMMAND is given as arguments. Each round runs
the floor, then the command (after one warm-up round), and keeps the ratio of the two.
Prints, tab-separated: the floor's median seconds, the command's median seconds, and the
median of the per-round ratios.

Why pairs: on a shared machine the speed drifts by tens of percent over a minute. Timing
all runs of the floor, then all runs of the command (as hyperfine does), lets that drift
land in the ratio; a floor run and a command run next to each other see the same machine.
"""

import shlex
import statistics
import subprocess
import sys
import time


def once(argv):
    start = time.perf_counter_ns()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter_ns() - start) / 1e9


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    floor = shlex.split(sys.argv[2])
    command = sys.argv[4:]
    once(floor)
    once(command)
    floors, commands, ratios = [], [], []
    for _ in range(runs):
        f = once(floor)
        c = once(command)
        floors.append(f)
        commands.append(c)
        ratios.append(c / f)
    print(statistics.median(floors), statistics.median(commands), statistics.median(ratios), sep="\t")


if __name__ == "__main__":
    main()
