"""Lesson 07's Python twin, part 3: asyncio + aiohttp, at most 100 at once (200 x 100 ms),
then the bodies saved with aiofiles (which runs each file call on a thread pool).

Start the course's server first: cargo run --release -p delay-server -- --port 8080
Needs `aiohttp` and `aiofiles` (pip install aiohttp aiofiles).
"""
import asyncio
import os
import sys
import tempfile
import threading
import time

import aiofiles
import aiohttp

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/delay/100"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 200
LIMIT = int(sys.argv[3]) if len(sys.argv) > 3 else 100


async def fetch(session, limit):
    async with limit:  # at most LIMIT requests in flight, like buffer_unordered(LIMIT)
        try:
            async with session.get(URL) as response:
                return response.status, await response.read()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return None, b""


async def main():
    limit = asyncio.Semaphore(LIMIT)
    timeout = aiohttp.ClientTimeout(total=5)
    connector = aiohttp.TCPConnector(limit=LIMIT)  # its pool: LIMIT connections, reused
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.perf_counter()
        results = await asyncio.gather(*(fetch(session, limit) for _ in range(N)))
        took = time.perf_counter() - start
    ok = sum(status == 200 for status, _ in results)
    print(f"{ok}/{N} ok in {took:.3f} s, at most {LIMIT} at once")

    threads_before = threading.active_count()
    with tempfile.TemporaryDirectory() as folder:
        async def save(i, body):
            async with aiofiles.open(os.path.join(folder, f"body-{i:03}.txt"), "wb") as f:
                await f.write(body)

        await asyncio.gather(*(save(i, body) for i, (_, body) in enumerate(results)))
    print(
        f"saved {N} bodies with aiofiles; threads: {threads_before} before, "
        f"{threading.active_count()} after (worker threads did the writes)"
    )


if __name__ == "__main__":
    asyncio.run(main())
