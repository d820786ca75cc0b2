"""Streaming benchmark: wall time, record rate and peak RSS of ``newsweave extract`` on a WARC.

Runs the command line given after ``--`` (normally ``newsweave extract X.warc
--parallel 2 -o /dev/null``) and polls the resident memory of its whole process
tree (main process and workers, summed) every ``--interval`` seconds with psutil.
Prints wall seconds, CPU seconds of the tree, the peak of the summed PSS (the
tree's real footprint), of the summed RSS (counts shared pages once per process)
and the largest single process, and the peak PSS per quarter of the run. Run it
on two WARC sizes (``tools/make_warc.py --size``) to show that memory does not
grow with the input.

Usage::

    .venv/bin/python tools/make_warc.py --out /tmp/nw-100m.warc --size 1e8
    nice -n 10 .venv/bin/python tools/bench_warc.py -- .venv/bin/newsweave extract /tmp/nw-100m.warc \\
        --parallel 2 -o /dev/null --no-progress
"""

from __future__ import annotations

import argparse
import subprocess
import time

import psutil  # type: ignore[import-untyped]


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _sample(procs: list[psutil.Process]) -> tuple[int, int, int]:
    """(summed RSS, largest RSS, summed PSS) of live processes.

    RSS counts pages a forked worker shares with its parent once per process; PSS
    (Linux) splits each shared page among its sharers, so its sum is the tree's real
    footprint.
    """
    total = largest = pss = 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        total += info.rss
        largest = max(largest, info.rss)
        pss += getattr(info, "pss", info.rss)
    return total, largest, pss


def main() -> None:
    """Run the command, poll its tree, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--interval", type=float, default=0.2)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    start = time.monotonic()
    child = subprocess.Popen(cmd)
    root = psutil.Process(child.pid)
    peak_total = peak_one = peak_pss = 0
    samples: list[tuple[float, int]] = []
    cpu_seen: dict[int, float] = {}
    while child.poll() is None:
        procs = _tree(root)
        total, largest, pss = _sample(procs)
        peak_pss = max(peak_pss, pss)
        samples.append((time.monotonic() - start, pss))
        for p in procs:
            try:
                t = p.cpu_times()
                cpu_seen[p.pid] = t.user + t.system
            except psutil.Error:
                continue
        peak_total, peak_one = max(peak_total, total), max(peak_one, largest)
        time.sleep(args.interval)
    wall = time.monotonic() - start
    print(
        f"rc {child.returncode}, wall {wall:.1f} s, CPU {sum(cpu_seen.values()):.1f} s (tree, last sample); "
        f"peak PSS {peak_pss / 2**20:.0f} MiB summed over processes; peak RSS {peak_total / 2**20:.0f} MiB summed, "
        f"{peak_one / 2**20:.0f} MiB largest process"
    )
    print("peak PSS by quarter of the run (MiB):", _quarters(samples, wall))


def _quarters(samples: list[tuple[float, int]], wall: float) -> list[int]:
    """Peak summed PSS in each quarter of the wall time: flat when memory is bounded."""
    peaks = [0, 0, 0, 0]
    for t, pss in samples:
        q = min(3, int(4 * t / wall)) if wall > 0 else 0
        peaks[q] = max(peaks[q], pss)
    return [round(p / 2**20) for p in peaks]


if __name__ == "__main__":
    main()
