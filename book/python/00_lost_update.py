"""Lesson 00: the GIL protects the interpreter, not your data.

Run: python3 book/python/00_lost_update.py
Four threads each add 1 to a shared counter a million times. `counter += 1` is a read,
an add and a write; the GIL does not make the three one step, so a thread switch that
falls between the read and the write loses the other threads' updates. CPython 3.10+
switches threads only at a few points (a function call, the end of a loop's turn), so
the plain loop rarely shows it; a function call between the read and the write does.
"""
import sys
import threading

THREADS = 4
N = 1_000_000
counter = 0


def one():
    return 1


# ANCHOR: lost_update
def add_plain(n):
    global counter
    for _ in range(n):
        counter += 1


def add_with_a_call(n):
    global counter
    for _ in range(n):
        counter = counter + one()  # read, call, write: a thread switch can fall in the call
# ANCHOR_END: lost_update


def run(add):
    global counter
    counter = 0
    threads = [threading.Thread(target=add, args=(N,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}: {THREADS} threads x {N} additions, "
          f"expected {THREADS * N}")
    for add in (add_plain, add_with_a_call):
        got = run(add)
        print(f"{add.__name__:<16} got {got:>8}, lost {THREADS * N - got}")
