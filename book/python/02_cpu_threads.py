"""Lesson 02's Python twin, part 3: CPU-bound work on threads, against one thread.

The same 40 pieces of prime counting, first on one thread, then split over 2 and 4
threads. Under the GIL only one thread runs Python code at a time, so the threads take
turns instead of running together: no speed-up (often a small loss from the turns).
The process's CPU time tells the same story: it stays equal to the wall time, one core's
worth, however many threads there are.
"""
import sys
import threading
import time


def count_primes(below):
    count = 0
    for n in range(2, below):
        if n < 4:
            count += 1
            continue
        if n % 2 == 0:
            continue
        d = 3
        while d * d <= n:
            if n % d == 0:
                break
            d += 2
        else:
            count += 1
    return count


def spread(pieces, threads, size):
    """Runs the pieces on `threads` threads; returns (wall time, process CPU time)."""
    def work(mine):
        for _ in range(mine):
            count_primes(size)

    shares = [len(range(t, pieces, threads)) for t in range(threads)]
    pool = [threading.Thread(target=work, args=(n,)) for n in shares]
    start, cpu = time.perf_counter(), time.process_time()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - start, time.process_time() - cpu


def main():
    pieces, size = 40, 30_000
    runs = 5
    print(f"Python {sys.version.split()[0]}: {pieces} pieces of count_primes({size}), "
          f"{runs} runs each")
    spread(pieces, 1, size)  # warm-up: the first run is often slower
    base = None
    for threads in (1, 2, 4):
        results = sorted(spread(pieces, threads, size) for _ in range(runs))
        (median, cpu), (fastest, _) = results[runs // 2], results[0]
        base = base or (median, fastest)
        print(f"{threads} thread(s): median {median:.3f} s (CPU {cpu:.3f} s), "
              f"min {fastest:.3f} s, speed-up {base[0] / median:.2f}x "
              f"(of the mins {base[1] / fastest:.2f}x)")


if __name__ == "__main__":
    main()
