"""Lesson 04's Python twin of the bench: what one resume of a generator costs.

Run: python3 book/python/04_resume_cost.py
It drives the jumping range to its end with send(None), like the Rust bench, and
compares a plain loop over range() that does no resuming at all.
"""
import statistics
import timeit

N = 1_000_000
RUNS = 5


def jumping_range(up_to):
    index = 0
    yielded = 0
    while index < up_to:
        jump = yield index
        yielded += 1
        if jump is None:
            jump = 1
        index += jump
    return yielded


def drive_with_send():
    gen = jumping_range(N)
    send = gen.send
    try:
        send(None)
        while True:
            send(None)
    except StopIteration:
        pass


def drive_with_for():
    for _ in jumping_range(N):
        pass


def plain_loop():
    for _ in range(N):
        pass


def main():
    print(f"The jumping range run to its end ({N} values), {RUNS} runs: median (min).")
    for name, run in [
        ("plain loop (no generator)", plain_loop),
        ("generator, send(None)", drive_with_send),
        ("generator, for loop", drive_with_for),
    ]:
        times = timeit.repeat(run, number=1, repeat=RUNS)
        per = [t / (N + 1) * 1e9 for t in times]
        print(f"    {name:<26} {statistics.median(per):6.1f} ns ({min(per):.1f}) per resume")


if __name__ == "__main__":
    main()
