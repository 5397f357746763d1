"""Lesson 06's Python twin: task.cancel() raises CancelledError inside the task; shield."""
import asyncio
import time

START = time.perf_counter()
UNIT = 0.1


def say(text):
    print(f"[{time.perf_counter() - START:6.3f} s] {text}")


async def stubborn():
    """Catches the cancellation and keeps going: Python lets a task do this."""
    try:
        await asyncio.sleep(3 * UNIT)
    except asyncio.CancelledError:
        say("stubborn: caught CancelledError, cleaning up with one more await")
        await asyncio.sleep(UNIT)  # a cancelled task may still await
        say("stubborn: swallowed the cancellation and returns normally")
        return "finished anyway"


async def save():
    await asyncio.sleep(2 * UNIT)
    say("save finished")
    return "saved"


async def main():
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(UNIT)
    task.cancel()  # only a request: it is delivered at the task's next await
    say(f"stubborn returned {await task!r}; cancelled() is {task.cancelled()}")

    # shield: the wait is cancelled (here by wait_for's timeout), the work is not.
    inner = asyncio.create_task(save())
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=UNIT)
    except TimeoutError:
        say("stopped waiting for save after 1 unit; it goes on")
    say(f"awaited save again later: {await inner!r}")


if __name__ == "__main__":
    asyncio.run(main())
