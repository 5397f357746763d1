"""Lesson 09's Python twin: the three problems, run the ways Python offers.

Run (against a running delay server, see 09_compare.py, which does all of it for you):
    python3 book/python/09_shootout.py --server 127.0.0.1:8080 --jobs 8 \
        --primes-below 20000 --wait-ms 50

Standard library only; the async rows use aiohttp when it is installed
(pip install aiohttp) and asyncio's own streams otherwise. Each approach prints one
line: its name, its time in seconds, and its checksum.
"""

import argparse
import asyncio
import concurrent.futures
import os
import threading
import time
import urllib.request

try:
    import aiohttp
except ImportError:  # the stdlib fallback below does the same request
    aiohttp = None


# ANCHOR: problems
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


def get_blocking(server, wait_ms):
    """IO-bound: the thread waits in the kernel for the delay server's answer."""
    with urllib.request.urlopen(f"http://{server}/delay/{wait_ms}") as answer:
        answer.read()
        return 1 if answer.status == 200 else 0


def job(problem, server, wait_ms, primes_below):
    """One job, the blocking way (for loops, threads and processes)."""
    if problem == "cpu":
        return count_primes(primes_below)
    if problem == "io":
        return get_blocking(server, wait_ms)
    return get_blocking(server, wait_ms) + count_primes(primes_below)
# ANCHOR_END: problems


# ANCHOR: async_job
async def get_async(session, server, wait_ms):
    """IO-bound, async: the coroutine waits, the event loop runs the others."""
    if session is not None:
        async with session.get(f"http://{server}/delay/{wait_ms}") as answer:
            await answer.read()
            return 1 if answer.status == 200 else 0
    host, port = server.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        f"GET /delay/{wait_ms} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    return 1 if answer.startswith(b"HTTP/1.1 200") else 0


async def job_async(problem, server, wait_ms, primes_below, session, pool):
    waited = 0
    if problem != "cpu":
        waited = await get_async(session, server, wait_ms)
    if problem == "io":
        return waited
    if pool is None:
        return waited + count_primes(primes_below)  # computes on the loop's thread
    loop = asyncio.get_running_loop()
    return waited + await loop.run_in_executor(pool, count_primes, primes_below)
# ANCHOR_END: async_job


def sequential(n, work):
    return sum(work() for _ in range(n))


def thread_per_job(n, work):
    results = [0] * n

    def run(i):
        results[i] = work()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results)


def thread_pool(n, work):
    # The default size, min(32, cpu count + 4), as the Rust thread pool uses.
    with concurrent.futures.ThreadPoolExecutor() as pool:
        return sum(pool.map(lambda _: work(), range(n)))


def process_pool(n, args):
    with concurrent.futures.ProcessPoolExecutor() as pool:
        return sum(pool.map(job, *zip(*[args] * n)))


def asyncio_run(n, args, offload):
    async def main():
        pool = concurrent.futures.ProcessPoolExecutor() if offload else None
        session = None
        if aiohttp is not None:
            # No cap on connections (aiohttp's default is 100 at once): the Rust runtimes
            # have every request in flight, and so should the twin.
            session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        try:
            jobs = [job_async(*args, session, pool) for _ in range(n)]
            return sum(await asyncio.gather(*jobs))
        finally:
            if session is not None:
                await session.close()
            if pool is not None:
                pool.shutdown()

    return asyncio.run(main())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--primes-below", type=int, default=20_000)
    parser.add_argument("--wait-ms", type=int, default=50)
    parser.add_argument("--problem", choices=["cpu", "io", "mixed"], action="append")
    opts = parser.parse_args()
    print(f"# python {'.'.join(map(str, __import__('sys').version_info[:3]))}, "
          f"{os.cpu_count()} cores, async client: {'aiohttp' if aiohttp else 'asyncio streams'}")
    for problem in opts.problem or ["cpu", "io", "mixed"]:
        args = (problem, opts.server, opts.wait_ms, opts.primes_below)

        def work():
            return job(*args)

        approaches = [
            ("sequential", lambda: sequential(opts.jobs, work)),
            ("thread-per-job", lambda: thread_per_job(opts.jobs, work)),
            ("thread-pool", lambda: thread_pool(opts.jobs, work)),
            ("process-pool", lambda: process_pool(opts.jobs, args)),
            ("asyncio", lambda: asyncio_run(opts.jobs, args, offload=False)),
            ("asyncio+processes", lambda: asyncio_run(opts.jobs, args, offload=True)),
        ]
        for name, run in approaches:
            started = time.perf_counter()
            checksum = run()
            took = time.perf_counter() - started
            print(f"{problem} {name} {took:.4f} {checksum}", flush=True)


if __name__ == "__main__":
    main()
