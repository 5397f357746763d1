"""Lesson 01's Python twin, part 3: the pitfall, a blocking sleep inside a coroutine (about 3 s)."""
import asyncio
import time


async def count(name):
    print(f"{name}: One")
    time.sleep(1)  # BUG: blocks the event loop's thread; no other coroutine can run
    print(f"{name}: Two")


async def main():
    await asyncio.gather(*(count(f"count {i}") for i in range(1, 4)))


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"took {time.perf_counter() - start:.3f} s")
