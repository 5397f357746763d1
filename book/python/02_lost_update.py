"""Lesson 02's Python twin, part 1: threads that add 1 to one shared counter.

`counter += 1` is a read, an add and a write. Another thread may run between the read
and the write, and then one of the two updates is lost. Whether it happens depends on
where CPython lets the GIL change hands: since 3.10 only at certain points (a loop's
back edge, entering a Python function), not between any two bytecodes. So the plain
`+=` loop below usually loses nothing on 3.10 and later, while the same increment with
a function call between the read and the write loses a large share.
"""
import sys
import threading

N = 1_000_000
counter = 0


def plain():
    global counter
    for _ in range(N):
        counter += 1  # read, add, write: no switch point in between on 3.10+


def add_one(value):
    return value + 1


def with_a_call():
    global counter
    for _ in range(N):
        counter = add_one(counter)  # read; the call may switch threads; write


def run(work, threads):
    global counter
    counter = 0
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    expected = threads * N
    lost = expected - counter
    print(f"{work.__name__:>11}, {threads} threads: counted {counter:>8} of "
          f"{expected}, lost {lost} ({100 * lost / expected:.1f} %)")


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}, switch interval "
          f"{sys.getswitchinterval() * 1000:.0f} ms")
    for work in (plain, with_a_call):
        for threads in (2, 4, 8):
            run(work, threads)
