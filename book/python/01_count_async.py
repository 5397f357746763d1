"""Lesson 01's Python twin, part 2: three counts, concurrently on one thread (about 1 s)."""
import asyncio
import time


async def count(name):
    print(f"{name}: One")
    await asyncio.sleep(1)  # suspends this coroutine; the event loop runs the others
    print(f"{name}: Two")


async def main():
    await asyncio.gather(*(count(f"count {i}") for i in range(1, 4)))


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"took {time.perf_counter() - start:.3f} s")
