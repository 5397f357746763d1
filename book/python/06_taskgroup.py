"""Lesson 06's Python twin: TaskGroup (structured concurrency) and gather with a limit."""
import asyncio
import time

START = time.perf_counter()
UNIT = 0.1


def say(text):
    print(f"[{time.perf_counter() - START:6.3f} s] {text}")


async def job(name, units, fails=False):
    try:
        await asyncio.sleep(units * UNIT)
    except asyncio.CancelledError:
        say(f"{name} cancelled")
        raise
    if fails:
        say(f"{name} failed")
        raise RuntimeError(f"{name} failed")
    say(f"{name} finished")
    return name


async def limited(jobs, limit):
    """gather with at most `limit` jobs running at once, results in submission order."""
    slots = asyncio.Semaphore(limit)

    async def one(coro):
        async with slots:  # holds the slot for the whole job
            return await coro

    return await asyncio.gather(*(one(coro) for coro in jobs))


async def main():
    # The block does not end before every task in it has; the first failure cancels the
    # others, and the errors come out together as an ExceptionGroup.
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(job("A", 3))
            group.create_task(job("B", 1, fails=True))
            group.create_task(job("C", 2))
    except* RuntimeError as errors:
        say(f"the group raised {errors.exceptions!r}")

    plan = [("J0", 3), ("J1", 1), ("J2", 2), ("J3", 1), ("J4", 1), ("J5", 1)]
    results = await limited([job(name, units) for name, units in plan], limit=2)
    say(f"gather with a limit of 2 returned {results}")


if __name__ == "__main__":
    asyncio.run(main())
