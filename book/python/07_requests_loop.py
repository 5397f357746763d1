"""Lesson 07's Python twin, part 1: the requests one after another (20 x 100 ms: about 2 s).

Start the course's server first: cargo run --release -p delay-server -- --port 8080
Needs `requests` (pip install requests).
"""
import sys
import time

import requests

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/delay/100"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20


def main():
    ok = 0
    with requests.Session() as session:  # one pooled connection, kept alive
        for _ in range(N):
            response = session.get(URL, timeout=5)  # blocks until the answer is in
            ok += response.ok
    return ok


if __name__ == "__main__":
    start = time.perf_counter()
    ok = main()
    print(f"{ok}/{N} ok in {time.perf_counter() - start:.3f} s")
