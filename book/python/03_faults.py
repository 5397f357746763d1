"""Lesson 03's Python twin, part 2: what happens when a worker process dies mid-job.

- concurrent.futures: the pool is *broken*: every pending future fails with
  BrokenProcessPool, and the executor refuses new work.
- multiprocessing.Pool: a dead worker is replaced, but the task it was running is never
  answered: without a timeout, `get()` would wait for ever.
Our Rust pool replaces the worker and retries the job (lesson 03). Run: python3 03_faults.py
"""
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import Pool


def square(n):
    return n * n


def slow_square(n):
    time.sleep(0.5)  # still running or queued when the crash is noticed
    return n * n


def crash(_):
    os.abort()  # like a segfault in a C extension: the process dies, no exception


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(crash, 0)]
        futures += [executor.submit(slow_square, n) for n in range(4, 8)]
        for future in futures:
            try:
                print("concurrent.futures:", future.result())
            except BrokenProcessPool as err:
                print("concurrent.futures: BrokenProcessPool:", err)
        try:
            executor.submit(square, 9)
        except BrokenProcessPool:
            print("concurrent.futures: the executor takes no new work")

    with Pool(processes=2) as pool:
        results = pool.map_async(crash, [0])
        start = time.perf_counter()
        try:
            results.get(timeout=3)
        except Exception as err:  # multiprocessing.TimeoutError
            print(f"multiprocessing.Pool: no answer after {time.perf_counter() - start:.1f} s ({type(err).__name__})")
        print("multiprocessing.Pool: still serves new work:", pool.apply(square, (5,)))
