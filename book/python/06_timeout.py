"""Lesson 06's Python twin: wait_for, one deadline for several steps, retries with back-off."""
import asyncio
import time

START = time.perf_counter()
UNIT = 0.1


def say(text):
    print(f"[{time.perf_counter() - START:6.3f} s] {text}")


async def step(name, units):
    try:
        await asyncio.sleep(units * UNIT)
    except asyncio.CancelledError:
        say(f"{name} cancelled")
        raise
    say(f"{name} finished")


async def main():
    # wait_for: one awaitable, one timeout; on timeout the awaitable is cancelled.
    try:
        await asyncio.wait_for(step("slow", 3), timeout=UNIT)
    except TimeoutError:
        say("wait_for timed out")

    # asyncio.timeout (3.11+): one deadline shared by every step in the block.
    try:
        async with asyncio.timeout(4 * UNIT):
            await step("connect", 1)
            await step("ask", 2)
            await step("read", 2)
    except TimeoutError:
        say("the budget of 4 units ran out during read")

    # Retries: each attempt gets 1 unit, the pause doubles between attempts.
    attempts = 0

    async def flaky():
        nonlocal attempts
        attempts += 1
        await asyncio.sleep((3 if attempts < 3 else 0.5) * UNIT)
        return "answer"

    pause = UNIT / 2
    for attempt in range(1, 5):
        try:
            answer = await asyncio.wait_for(flaky(), timeout=UNIT)
            say(f"attempt {attempt} answered {answer!r}")
            break
        except TimeoutError:
            say(f"attempt {attempt} timed out; retrying in {pause:.2f} s")
            await asyncio.sleep(pause)
            pause *= 2


if __name__ == "__main__":
    asyncio.run(main())
