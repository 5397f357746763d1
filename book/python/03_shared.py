"""Lesson 03's Python twin, part 3: sharing between processes without copying.

By default every argument is pickled and copied to the worker. Two ways around it:
- a Manager: a server process owns the object; workers talk to it through proxies
  (every access is a message: simple, slow);
- shared_memory: one block of memory mapped into several processes (fast, but raw
  bytes: the programmer keeps it consistent, with locks if writers overlap).
Run: python3 03_shared.py
"""
import time
from multiprocessing import Manager, Process, shared_memory


def add_to_manager_dict(counts, key, times):
    for _ in range(times):
        counts[key] = counts.get(key, 0) + 1  # two messages to the manager each time


def sum_shared(name, size, out):
    block = shared_memory.SharedMemory(name=name)  # attach: nothing is copied
    out[name] = sum(block.buf[:size])
    block.close()


if __name__ == "__main__":
    with Manager() as manager:
        counts = manager.dict()
        start = time.perf_counter()
        workers = [Process(target=add_to_manager_dict, args=(counts, k, 2_000)) for k in "ab"]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        took = time.perf_counter() - start
        print(f"Manager dict: {dict(counts)} in {took:.3f} s ({took / 4_000 * 1e6:.0f} µs per update)")

        data = bytes(i % 251 for i in range(16 << 20))
        block = shared_memory.SharedMemory(create=True, size=len(data))
        block.buf[: len(data)] = data
        out = manager.dict()
        start = time.perf_counter()
        reader = Process(target=sum_shared, args=(block.name, len(data), out))
        reader.start()
        reader.join()
        print(f"shared_memory: a worker summed 16 MB in place: {out[block.name]} in {time.perf_counter() - start:.3f} s")
        block.close()
        block.unlink()
