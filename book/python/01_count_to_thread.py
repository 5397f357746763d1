"""Lesson 01's Python twin, part 4: a call that must block, moved to a thread (about 1 s)."""
import asyncio
import time


async def count(name):
    print(f"{name}: One")
    await asyncio.to_thread(time.sleep, 1)  # runs in a worker thread; the loop stays free
    print(f"{name}: Two")


async def main():
    await asyncio.gather(*(count(f"count {i}") for i in range(1, 4)))


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"took {time.perf_counter() - start:.3f} s")
