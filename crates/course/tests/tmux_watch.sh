#!/bin/sh
# Drives `course watch` in a real terminal (tmux) over a scratch copy of lesson 01 and
# prints each screen it checked: the first step, the hint, the list, the move to the
# next step after a save, `n`, and the terminal after `q` and after Ctrl-C. The checks
# themselves are in crates/course/examples/tmux_watch.rs.
#
# Usage, from anywhere: crates/course/tests/tmux_watch.sh
# Exits 0 when every check passes; non-zero when one fails, when tmux is missing, or
# when the build fails. Needs git, cargo and tmux. Takes about 10 s once
# target/course-e2e is built (by `cargo test -p course` or an earlier run); the first
# run builds lesson 01's dependencies there, about a minute more on 2 cores.
set -eu

if ! command -v tmux >/dev/null 2>&1; then
    echo "tmux_watch.sh: FAILED: tmux is not installed; this check needs it" >&2
    exit 1
fi
cd "$(dirname "$0")/../../.."

# A scratch folder of our own, holding the lesson copy and a private tmux server's
# socket; the server is killed and the folder removed however this ends.
work=$(mktemp -d "${TMPDIR:-/tmp}/course-tmux-watch.XXXXXX")
socket="$work/tmux.sock"
child=""
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    if [ -n "$child" ]; then
        kill "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    tmux -S "$socket" kill-server 2>/dev/null || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The scratch copy builds offline: make sure the registry holds lesson 01's crates.
cargo fetch --quiet --target "$(rustc -vV | sed -n 's/^host: //p')"
cargo build --quiet --package course --bin course --example tmux_watch

# In the background, so that a signal to this script reaches the trap at once.
TMPDIR="$work" cargo run --quiet --package course --example tmux_watch -- "$socket" &
child=$!
if wait "$child"; then
    child=""
else
    status=$?
    child=""
    echo "tmux_watch.sh: FAILED (exit code $status): see the message above" >&2
    exit "$status"
fi
