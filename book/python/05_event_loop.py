"""A tiny event loop of our own on `selectors` and generators, then the same with asyncio.

Tasks are generators. A task yields what it waits for: ("sleep", seconds),
("read", sock) or ("write", sock). The loop keeps a queue of ready tasks, a heap of
deadlines and a selector (epoll on Linux), and sleeps in `select` until the next
deadline or a ready socket: the loop of lesson 05's stages 3 and 4, in Python.
"""

import asyncio
import heapq
import selectors
import socket
import time
from collections import deque


# ANCHOR: loop
class Loop:
    def __init__(self):
        self.ready = deque()  # the run queue: tasks to resume now
        self.timers = []  # heap of (deadline, sequence, task)
        self.selector = selectors.DefaultSelector()
        self.sequence = 0

    def spawn(self, task):
        self.ready.append(task)

    def run(self):
        while self.ready or self.timers or self.selector.get_map():
            for _ in range(len(self.ready)):  # one turn: the tasks ready when it began
                task = self.ready.popleft()
                try:
                    why, what = next(task)  # run the task to its next wait
                except StopIteration:
                    continue  # the task is done
                if why == "sleep":
                    deadline = time.monotonic() + what
                    heapq.heappush(self.timers, (deadline, self.sequence, task))
                    self.sequence += 1
                else:  # "read" or "write": wait until the socket is ready
                    event = selectors.EVENT_READ if why == "read" else selectors.EVENT_WRITE
                    self.selector.register(what, event, task)
            timeout = None
            if self.ready:
                timeout = 0
            elif self.timers:
                timeout = max(0.0, self.timers[0][0] - time.monotonic())
            if self.selector.get_map() or timeout:
                for key, _ in self.selector.select(timeout):  # sleep here
                    self.selector.unregister(key.fileobj)
                    self.ready.append(key.data)  # woken by IO
            now = time.monotonic()
            while self.timers and self.timers[0][0] <= now:
                self.ready.append(heapq.heappop(self.timers)[2])  # woken by a timer
# ANCHOR_END: loop


# ANCHOR: tasks
def count(name, delay, log):
    log.append(f"{name}: One")
    yield "sleep", delay
    log.append(f"{name}: Two")


def echo_server(listener, connections):
    for _ in range(connections):
        yield "read", listener
        conn, _ = listener.accept()
        conn.setblocking(False)
        LOOP.spawn(echo(conn))


def echo(conn):
    while True:
        yield "read", conn
        data = conn.recv(4096)
        if not data:
            conn.close()
            return
        yield "write", conn
        conn.sendall(data)  # small: fits in the send buffer at once
# ANCHOR_END: tasks


def client(addr, rounds, done):
    sock = socket.socket()
    sock.setblocking(False)
    sock.connect_ex(addr)  # non-blocking connect: "in progress"
    yield "write", sock  # writable means connected
    for _ in range(rounds):
        sock.send(b"x" * 64)
        got = b""
        while len(got) < 64:
            yield "read", sock
            got += sock.recv(64 - len(got))
    sock.close()
    done.append(rounds)


LOOP = Loop()


def ours(clients=50, rounds=20):
    log, done = [], []
    for i in range(1, 4):
        LOOP.spawn(count(f"count {i}", 0.2, log))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.setblocking(False)
    LOOP.spawn(echo_server(listener, clients))
    for _ in range(clients):
        LOOP.spawn(client(listener.getsockname(), rounds, done))
    start = time.perf_counter()
    LOOP.run()
    listener.close()
    print(f"our loop: {log} and {sum(done)} round trips in {time.perf_counter() - start:.3f} s")


async def asyncio_version(clients=50, rounds=20):
    log = []

    async def count_async(name, delay):
        log.append(f"{name}: One")
        await asyncio.sleep(delay)
        log.append(f"{name}: Two")

    async def handle(reader, writer):
        while data := await reader.read(4096):
            writer.write(data)
            await writer.drain()
        writer.close()

    async def client_async(port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(rounds):
            writer.write(b"x" * 64)
            await reader.readexactly(64)
        writer.close()
        return rounds

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    start = time.perf_counter()
    results = await asyncio.gather(
        *(count_async(f"count {i}", 0.2) for i in range(1, 4)),
        *(client_async(port) for _ in range(clients)),
    )
    took = time.perf_counter() - start
    server.close()
    print(f"asyncio:  {log} and {sum(r or 0 for r in results)} round trips in {took:.3f} s")


if __name__ == "__main__":
    ours()
    asyncio.run(asyncio_version())
