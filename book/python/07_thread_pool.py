"""Lesson 07's Python twin, part 2: a pool of threads (200 x 100 ms, 100 threads).

Start the course's server first: cargo run --release -p delay-server -- --port 8080
Needs `requests` (pip install requests). The GIL is released while a thread waits on
its socket, so the waits overlap; the Python work around each request does not.
"""
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/delay/100"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 200
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 100

local = threading.local()


def fetch(_):
    # A Session is not documented as thread-safe: one per thread, each with its pool.
    if not hasattr(local, "session"):
        local.session = requests.Session()
    try:
        return local.session.get(URL, timeout=5).ok
    except requests.RequestException:
        return False


if __name__ == "__main__":
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        ok = sum(pool.map(fetch, range(N)))
    print(f"{ok}/{N} ok in {time.perf_counter() - start:.3f} s with {WORKERS} threads")
