"""Lesson 01's Python twin, part 1: three counts, one after another (about 3 s)."""
import time


def count(name):
    print(f"{name}: One")
    time.sleep(1)  # blocks the thread; nothing else runs meanwhile
    print(f"{name}: Two")


def main():
    for i in range(1, 4):
        count(f"count {i}")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"took {time.perf_counter() - start:.3f} s")
