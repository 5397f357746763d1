"""Lesson 06's Python twin: asyncio.wait returns (done, pending); pending tasks run on."""
import asyncio
import time

START = time.perf_counter()
UNIT = 0.1


def say(text):
    print(f"[{time.perf_counter() - START:6.3f} s] {text}")


async def job(name, units, fails=False):
    await asyncio.sleep(units * UNIT)
    if fails:
        raise RuntimeError(f"{name} failed")
    say(f"{name} finished")
    return name


def spawn_three(b_fails=False):
    return [
        asyncio.create_task(job("A", 3), name="A"),
        asyncio.create_task(job("B", 1, b_fails), name="B"),
        asyncio.create_task(job("C", 2), name="C"),
    ]


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    done, pending = await asyncio.wait(spawn_three(), return_when=asyncio.FIRST_COMPLETED)
    say(f"FIRST_COMPLETED: done {names(done)}, pending {names(pending)}")
    for task in pending:  # still running: await them later
        say(f"a pending task, awaited later, gave {await task!r}")

    done, pending = await asyncio.wait(spawn_three(b_fails=True), return_when=asyncio.FIRST_EXCEPTION)
    say(f"FIRST_EXCEPTION: done {names(done)}, pending {names(pending)}")
    for task in pending:
        task.cancel()  # the caller decides; wait never cancels

    # A timeout returns what is done so far; nothing is cancelled.
    done, pending = await asyncio.wait(spawn_three(), timeout=2.5 * UNIT)
    say(f"ALL_COMPLETED, timeout 2.5 units: done {names(done)}, pending {names(pending)}")
    (a,) = pending
    say(f"A is still running: done() is {a.done()}; awaiting it gives {await a!r}")


if __name__ == "__main__":
    asyncio.run(main())
