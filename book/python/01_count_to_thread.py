"""Lesson 01's Python twin, part 4: a call that must block, moved to a thread (about 1 s).

Run: python3 book/python/01_count_to_thread.py [COUNTS]   (3 counts by default)
`asyncio.to_thread` runs the call on the loop's default thread pool, which has
min(32, CPUs + 4) threads: 6 on a 2-core machine, so 10 counts take two rounds (2 s).
tokio's blocking pool grows to 512 threads: `cargo run -p lesson-01 -- spawn-blocking
--counts 10` takes 1 s.
"""
import asyncio
import sys
import time


async def count(name):
    print(f"{name}: One")
    await asyncio.to_thread(time.sleep, 1)  # runs in a worker thread; the loop stays free
    print(f"{name}: Two")


async def main(counts):
    await asyncio.gather(*(count(f"count {i}") for i in range(1, counts + 1)))


if __name__ == "__main__":
    counts = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    start = time.perf_counter()
    asyncio.run(main(counts))
    print(f"took {time.perf_counter() - start:.3f} s")
