"""Lesson 04's Python twin: the jumping range, a generator that is sent values."""


def jumping_range(up_to):
    """Yields 0, 1, 2, ... below up_to; a number sent in moves the index by that much."""
    index = 0
    yielded = 0
    while index < up_to:
        jump = yield index  # suspends here; send(x) resumes with jump = x
        yielded += 1
        if jump is None:
            jump = 1
        index += jump
    return yielded  # becomes StopIteration(yielded).value


def main():
    # The same script as the Rust demo: jump ahead by 5 at the 3rd resume, back 3 at the 6th.
    script = {3: 5, 6: -3}
    gen = jumping_range(10)
    resume = 1
    try:
        print(f"next(gen)    -> {next(gen)}")  # the first resume: nothing to send yet
        while True:
            resume += 1
            jump = script.get(resume)
            value = gen.send(jump)
            print(f"send({jump!s:>4}) -> {value}")
    except StopIteration as done:
        print(f"send({jump!s:>4}) -> StopIteration({done.value})")
    # Nothing sent: a generator is just an iterator.
    print(list(jumping_range(10)))
    # A finished generator stays finished: it raises StopIteration again (value None).
    try:
        gen.send(-5)
    except StopIteration as again:
        print(f"send(  -5) -> StopIteration({again.value})  (finished stays finished)")


if __name__ == "__main__":
    main()
