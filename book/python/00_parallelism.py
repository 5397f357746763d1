"""Lesson 00's Python twin: the same two workloads, run the ways Python offers.

Run: python3 book/python/00_parallelism.py
Standard library only. Compare with `cargo run --release -p lesson-00`.
"""

import asyncio
import multiprocessing
import statistics
import threading
import time

TASKS = 4
CPU_SIZE = 250_000  # count the primes below this: about 0.2 s in CPython
IO_WAIT = 0.2  # seconds of simulated waiting per IO task
RUNS = 5  # each time below is the median of this many runs


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


def io_task(_):
    """IO-bound: the thread sleeps, as if waiting for a reply."""
    time.sleep(IO_WAIT)


async def io_task_async():
    await asyncio.sleep(IO_WAIT)  # only this coroutine waits


async def cpu_task_async():
    return count_primes(CPU_SIZE)  # never awaits: nothing else can run meanwhile
# ANCHOR_END: workloads


# ANCHOR: approaches
def sequential(work):
    for i in range(TASKS):
        work(i)


def with_threads(work):
    threads = [threading.Thread(target=work, args=(i,)) for i in range(TASKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def with_processes(work):
    with multiprocessing.Pool(TASKS) as pool:
        pool.map(work, range(TASKS))


def with_asyncio(make_task):
    async def main():
        await asyncio.gather(*(make_task() for _ in range(TASKS)))

    asyncio.run(main())
# ANCHOR_END: approaches


def cpu_work(_):
    count_primes(CPU_SIZE)


def timed(run):
    """The median wall-clock time of RUNS calls of `run`."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    print(f"{TASKS} tasks per workload on {multiprocessing.cpu_count()} cores, median of {RUNS} runs")
    print(f"{'approach':<12}{'CPU-bound':>12}{'IO-bound':>12}")
    rows = [
        ("sequential", lambda: sequential(cpu_work), lambda: sequential(io_task)),
        ("threading", lambda: with_threads(cpu_work), lambda: with_threads(io_task)),
        ("processes", lambda: with_processes(cpu_work), lambda: with_processes(io_task)),
        ("asyncio", lambda: with_asyncio(cpu_task_async), lambda: with_asyncio(io_task_async)),
    ]
    for name, cpu, io in rows:
        print(f"{name:<12}{timed(cpu):>10.3f} s{timed(io):>10.3f} s")
