"""The thumbnail maker of the talks: download, resize, upload, as a pipeline.

Two versions of the same pipeline, picked by the first argument:

  threads  stages are threads joined by queue.Queue(maxsize=...): a full queue blocks
           the stage that puts into it (backpressure). The resize stage hands its
           work to a process pool, as the talks do with CPU work: under the GIL,
           only one thread at a time runs Python code.
  asyncio  stages are coroutines joined by asyncio.Queue(maxsize=...); downloads and
           uploads are non-blocking on one event loop; the resize goes to the same
           process pool through run_in_executor, so the loop never blocks on it.

It talks to the course's delay server (start one with
`cargo run -p delay-server -- --port 8080`) and needs Pillow (`pip install pillow`).
Every item ends in the summary: ok, or failed with its stage and reason.

    python3 book/python/08_thumbnails.py threads 24
    python3 book/python/08_thumbnails.py asyncio 24
"""

import asyncio
import concurrent.futures
import io
import queue
import sys
import threading
import time
import urllib.error
import urllib.request

from PIL import Image  # Pillow: not in the standard library

BASE = "http://127.0.0.1:8080"
SIDES = (96, 192, 384)
CAPACITY = 4  # items each queue between two stages may hold
DONE = None  # the marker a stage sends on when its input has ended


def resize(data):
    """CPU-bound: decode, make one thumbnail per side, encode each as PNG."""
    picture = Image.open(io.BytesIO(data))
    picture.load()  # a body that is not an image raises here, in the worker process
    files = []
    for side in SIDES:
        small = picture.copy()
        small.thumbnail((side, side), Image.LANCZOS)
        out = io.BytesIO()
        small.save(out, "PNG")
        files.append((side, out.getvalue()))
    return files


# --- threads and queues ------------------------------------------------------


def get(path):
    with urllib.request.urlopen(BASE + path, timeout=2) as answer:
        return answer.read()


def put(path, body):
    request = urllib.request.Request(BASE + path, data=body, method="PUT")
    with urllib.request.urlopen(request, timeout=2) as answer:
        answer.read()


# ANCHOR: threads
def with_threads(ids):
    downloaded = queue.Queue(maxsize=CAPACITY)
    resized = queue.Queue(maxsize=CAPACITY)
    summary = {"ok": [], "failed": []}

    def download_stage():
        for i in ids:
            try:
                downloaded.put((i, get(f"/image/{i}.png?w=1024&h=768"), None))
            except (urllib.error.URLError, OSError) as err:
                downloaded.put((i, None, ("download", str(err))))
        downloaded.put(DONE)

    def resize_stage(pool):
        while (item := downloaded.get()) is not DONE:
            i, data, failure = item
            files = None
            if failure is None:
                try:
                    files = pool.submit(resize, data).result()
                except Exception as err:  # a corrupt image fails this item only
                    failure = ("resize", str(err))
            resized.put((i, files, failure))
        resized.put(DONE)

    def upload_stage():
        while (item := resized.get()) is not DONE:
            i, files, failure = item
            if failure is None:
                try:
                    for side, png in files:
                        put(f"/upload/{i}-{side}.png", png)
                except (urllib.error.URLError, OSError) as err:
                    failure = ("upload", str(err))
            if failure is None:
                summary["ok"].append(i)
            else:
                summary["failed"].append((i, *failure))

    with concurrent.futures.ProcessPoolExecutor() as pool:
        stages = [
            threading.Thread(target=download_stage),
            threading.Thread(target=resize_stage, args=(pool,)),
            threading.Thread(target=upload_stage),
        ]
        for stage in stages:
            stage.start()
        for stage in stages:
            stage.join()
    return summary
# ANCHOR_END: threads


# --- asyncio -------------------------------------------------------------------


async def request(method, path, body=b""):
    """A minimal HTTP/1.1 client on asyncio streams (the standard library has none)."""
    host, port = BASE.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    answer = await reader.read()  # until the server closes the connection
    writer.close()
    await writer.wait_closed()
    status_line, _, rest = answer.partition(b"\r\n")
    status = int(status_line.split()[1])
    if status != 200:
        raise OSError(f"{path} answered {status}")
    return rest.partition(b"\r\n\r\n")[2]


# ANCHOR: asyncio
async def with_asyncio(ids):
    downloaded = asyncio.Queue(maxsize=CAPACITY)
    resized = asyncio.Queue(maxsize=CAPACITY)
    summary = {"ok": [], "failed": []}
    loop = asyncio.get_running_loop()

    async def download_stage():
        for i in ids:
            try:
                data = await request("GET", f"/image/{i}.png?w=1024&h=768")
                await downloaded.put((i, data, None))
            except OSError as err:
                await downloaded.put((i, None, ("download", str(err))))
        await downloaded.put(DONE)

    async def resize_stage(pool):
        while (item := await downloaded.get()) is not DONE:
            i, data, failure = item
            files = None
            if failure is None:
                try:
                    # The loop hands the CPU work to another process and goes on.
                    files = await loop.run_in_executor(pool, resize, data)
                except Exception as err:
                    failure = ("resize", str(err))
            await resized.put((i, files, failure))
        await resized.put(DONE)

    async def upload_stage():
        while (item := await resized.get()) is not DONE:
            i, files, failure = item
            if failure is None:
                try:
                    for side, png in files:
                        await request("PUT", f"/upload/{i}-{side}.png", png)
                except OSError as err:
                    failure = ("upload", str(err))
            if failure is None:
                summary["ok"].append(i)
            else:
                summary["failed"].append((i, *failure))

    with concurrent.futures.ProcessPoolExecutor() as pool:
        await asyncio.gather(download_stage(), resize_stage(pool), upload_stage())
    return summary
# ANCHOR_END: asyncio


if __name__ == "__main__":
    how = sys.argv[1] if len(sys.argv) > 1 else "threads"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    ids = list(range(1, n + 1))
    start = time.perf_counter()
    if how == "asyncio":
        summary = asyncio.run(with_asyncio(ids))
    else:
        summary = with_threads(ids)
    took = time.perf_counter() - start
    print(f"{how}: {len(summary['ok'])} ok, {len(summary['failed'])} failed "
          f"in {took:.2f} s ({n / took:.1f} images/s)")
    for failure in summary["failed"]:
        print("   ", *failure)
