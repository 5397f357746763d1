#!/bin/sh
# Drives `course watch` in a real terminal (tmux) over a scratch copy of lesson 01 and
# prints each screen it checked: the first step, the hint, the list, the move to the
# next step after a save, and the terminal after `q` and after Ctrl-C.
#
# Run it by hand from anywhere in the workspace: crates/course/tests/tmux_watch.sh
set -eu
if ! command -v tmux >/dev/null 2>&1; then
    echo "tmux_watch.sh: tmux is not installed; install it to run this check" >&2
    exit 2
fi
cd "$(dirname "$0")/../../.."
exec cargo test --package course --test watch_tmux -- --nocapture
