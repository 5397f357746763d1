"""Lesson 04's Python twin of exercise step 5: a coroutine that is fed numbers."""


def averager():
    """Yields the mean of the numbers sent in so far; send None to stop it."""
    total, count, mean = 0.0, 0, None
    while True:
        term = yield mean  # the first next() only runs up to here: nothing to receive yet
        if term is None:
            return count  # how many numbers it was fed
        total += term
        count += 1
        mean = total / count


if __name__ == "__main__":
    avg = averager()
    print(next(avg))  # None: primed, no mean yet
    print(avg.send(10))  # 10.0
    print(avg.send(20))  # 15.0
    print(avg.send(60))  # 30.0
    try:
        avg.send(None)
    except StopIteration as done:
        print(f"fed {done.value} numbers")
