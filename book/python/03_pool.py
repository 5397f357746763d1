"""Lesson 03's Python twin, part 1: one CPU-bound job set on processes and on threads.

The same `concurrent.futures` calls (submit, map, as_completed) work for both executors;
only the line that builds the executor changes. Processes get around the GIL; threads
do not, for pure-Python CPU work. Run: python3 03_pool.py
"""
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed


def count_primes(below):
    """Trial division, the same plain CPU work as the Rust kit's `count_primes`."""
    count = 0
    for n in range(2, below):
        if n < 4 or (n % 2 and all(n % d for d in range(3, int(n**0.5) + 1, 2))):
            count += 1
    return count, os.getpid()


JOBS = [250_000] * 8  # about 0.25 s each here


def timed(executor_or_none):
    start = time.perf_counter()
    if executor_or_none is None:
        results = list(map(count_primes, JOBS))
    else:
        with executor_or_none as executor:  # leaving the block waits for every job
            results = list(executor.map(count_primes, JOBS))  # input order
    return time.perf_counter() - start, {pid for _, pid in results}


if __name__ == "__main__":  # needed: spawn and forkserver import this module again in each worker
    print(f"parent pid {os.getpid()}, {os.cpu_count()} cores")
    base, _ = timed(None)
    print(f"sequential          {base:.3f} s")
    for name, make in [
        ("ProcessPoolExecutor", lambda: ProcessPoolExecutor(max_workers=2)),
        ("ThreadPoolExecutor ", lambda: ThreadPoolExecutor(max_workers=2)),
    ]:
        took, pids = timed(make())
        print(f"{name} {took:.3f} s  {base / took:.2f}x  pids {sorted(pids)}")

    # submit gives futures; as_completed yields them as they finish, not in input order.
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = {executor.submit(count_primes, n): i for i, n in enumerate([200_000, 20_000, 100_000])}
        order = [futures[f] for f in as_completed(futures)]
    print(f"as_completed order of jobs 0, 1, 2: {order}")
