"""Lesson 02's Python twin, part 2: a bounded buffer on threading.Condition.

The twin of the Rust `Buffer` on a `Condvar`: `put` waits while the buffer is full,
`take` while it is empty; each notifies the other side after changing the state.
`wait_for` re-checks its condition after every wake-up, like Rust's `wait_while`.
"""
import collections
import threading
import time


# ANCHOR: buffer
class Buffer:
    def __init__(self, capacity):
        self.items = collections.deque()
        self.capacity = capacity
        lock = threading.Lock()
        # Two conditions on one lock, as the Rust version has two Condvars on one Mutex.
        self.not_empty = threading.Condition(lock)
        self.not_full = threading.Condition(lock)

    def put(self, item):
        with self.not_full:
            self.not_full.wait_for(lambda: len(self.items) < self.capacity)
            self.items.append(item)
            self.not_empty.notify()

    def take(self):
        with self.not_empty:
            self.not_empty.wait_for(lambda: len(self.items) > 0)
            item = self.items.popleft()
            self.not_full.notify()
            return item
# ANCHOR_END: buffer


def main():
    buffer = Buffer(4)
    got = []

    def consumer():
        for _ in range(30):
            got.append(buffer.take())
            time.sleep(0.001)  # a slow consumer: the producer will wait for room

    thread = threading.Thread(target=consumer)
    thread.start()
    for i in range(30):
        buffer.put(i)
    thread.join()
    print(f"all {len(got)} items arrived in order: {got == list(range(30))}")


if __name__ == "__main__":
    main()
