"""Lesson 00's Python twin: the same two workloads, run the ways Python offers.

Run: python3 book/python/00_parallelism.py [fork|forkserver|spawn]
Standard library only. Compare with `cargo run --release -p lesson-00 -- bench`.

The optional argument picks multiprocessing's start method for the processes row; the
default is the interpreter's own (fork on Linux up to 3.13, forkserver from 3.14).
"""

import asyncio
import multiprocessing
import statistics
import sys
import threading
import time

TASKS = 4
CPU_SIZE = 250_000  # count the primes below this: about 0.2 s in CPython
IO_WAIT = 0.2  # seconds of simulated waiting per IO task
RUNS = 5  # each time below is the median of this many runs
# The CPU work before and after each wait, as in the Rust version: 1/50 of the wait.
# Set by calibrate() in the main process; a forkserver or spawn worker re-imports this
# file, so the processes row hands the size to its workers explicitly.
SLIVER_SIZE = 1_000


# ANCHOR: workloads
def is_prime(n):
    if n < 4:
        return n >= 2
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(below):
    """CPU-bound: trial division, the same algorithm as kit::work::count_primes."""
    return sum(1 for n in range(2, below) if is_prime(n))


def io_task(sliver):
    """IO-bound: a sliver of work (build the request), a wait, a sliver (read the reply)."""
    count_primes(sliver)
    time.sleep(IO_WAIT)  # the whole thread sleeps, as if waiting for a reply
    count_primes(sliver)


async def io_task_async():
    count_primes(SLIVER_SIZE)
    await asyncio.sleep(IO_WAIT)  # only this coroutine waits
    count_primes(SLIVER_SIZE)


async def cpu_task_async():
    return count_primes(CPU_SIZE)  # never awaits: nothing else can run meanwhile
# ANCHOR_END: workloads


# ANCHOR: approaches
def sequential(work, arg):
    for _ in range(TASKS):
        work(arg)


def with_threads(work, arg):
    threads = [threading.Thread(target=work, args=(arg,)) for _ in range(TASKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def with_processes(work, arg):
    with multiprocessing.Pool(TASKS) as pool:
        pool.map(work, [arg] * TASKS)


def with_asyncio(make_task):
    async def main():
        await asyncio.gather(*(make_task() for _ in range(TASKS)))

    asyncio.run(main())
# ANCHOR_END: approaches


def cpu_work(size):
    count_primes(size)


def calibrate(target):
    """A size for count_primes that takes about `target` seconds here (fastest of 3)."""
    size = 1_000
    while True:
        took = min(timed_once(lambda: count_primes(size)) for _ in range(3))
        if took >= target:
            return size
        size = int(size * 1.2)


def timed_once(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def timed(run):
    """The median wall-clock time of RUNS calls of `run`."""
    return statistics.median(timed_once(run) for _ in range(RUNS))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        multiprocessing.set_start_method(sys.argv[1])
    SLIVER_SIZE = calibrate(IO_WAIT / 50)
    print(f"Python {sys.version.split()[0]}, {TASKS} tasks per workload on "
          f"{multiprocessing.cpu_count()} cores, median of {RUNS} runs")
    print(f"{'approach':<24}{'CPU-bound':>12}{'IO-bound':>12}")
    rows = [
        ("sequential", lambda: sequential(cpu_work, CPU_SIZE),
         lambda: sequential(io_task, SLIVER_SIZE)),
        ("threading", lambda: with_threads(cpu_work, CPU_SIZE),
         lambda: with_threads(io_task, SLIVER_SIZE)),
        (f"processes ({multiprocessing.get_start_method()})",
         lambda: with_processes(cpu_work, CPU_SIZE),
         lambda: with_processes(io_task, SLIVER_SIZE)),
        ("asyncio", lambda: with_asyncio(cpu_task_async),
         lambda: with_asyncio(io_task_async)),
    ]
    for name, cpu, io in rows:
        print(f"{name:<24}{timed(cpu):>10.3f} s{timed(io):>10.3f} s")
