"""Lesson 06's Python twin: gather (submission order) and as_completed (completion order)."""
import asyncio
import time

START = time.perf_counter()
UNIT = 0.1  # seconds; A waits 3 units, B 1, C 2


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


async def main():
    # gather: every result, in the order submitted, when the slowest is done.
    results = await asyncio.gather(job("A", 3), job("B", 1), job("C", 2))
    say(f"gather returned {results}")

    # as_completed: each result as it comes (completion order).
    for next_done in asyncio.as_completed([job("A", 3), job("B", 1), job("C", 2)]):
        say(f"as_completed gave {await next_done}")

    # The first exception reaches the caller at once, but the others are NOT cancelled:
    # A and C go on and finish. (try_join_all in Rust drops them instead.)
    try:
        await asyncio.gather(job("A", 3), job("B", 1, fails=True), job("C", 2))
    except RuntimeError as err:
        say(f"gather raised {err!r}")
    await asyncio.sleep(3 * UNIT)  # stay long enough to see A and C finish anyway

    # return_exceptions=True: exceptions come back as results, in order.
    results = await asyncio.gather(job("A", 3), job("B", 1, fails=True), return_exceptions=True)
    say(f"gather(return_exceptions=True) returned {results}")


if __name__ == "__main__":
    asyncio.run(main())
