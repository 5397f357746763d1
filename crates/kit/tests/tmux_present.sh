#!/bin/sh
# Drives every lesson demo's presenter mode (`--present`, kit::present) in a real
# terminal (tmux, 100x40) and checks what only a terminal shows: the first part's banner
# and prompt on a cleared screen; that after a second the part has still not run (the
# demo waits for Enter); then Enter after Enter: each part runs, its output stays on the
# screen at the pause before the next part ("▸ Enter: on to part N"), then the next
# banner, up to "■ end of the demo: N parts shown"; the demo's exit code 0 and the terminal's modes
# after it (canonical, echo). Last, `q` then Enter at lesson 01's second part stops the
# demo there.
#
# Usage, from anywhere: crates/kit/tests/tmux_present.sh [NN ...]
# With no NN, all ten lessons (00 to 09). Exits 0 when every check passes; non-zero when
# one fails (the message names the lesson and shows its screen), when tmux is missing,
# or when the build fails. Needs cargo and tmux. Uses $CARGO_TARGET_DIR if set, else
# target. Takes about a minute once the lessons' debug builds are there.
set -eu

if ! command -v tmux >/dev/null 2>&1; then
    echo "tmux_present.sh: FAILED: tmux is not installed; this check needs it" >&2
    exit 1
fi
cd "$(dirname "$0")/../../.."

# Each lesson's demo with sizes that keep every part short (a second or less), so the
# whole story takes seconds. Lessons 07 and 08 start their own delay server on
# 127.0.0.1; lesson 09 too.
flags() {
    case "$1" in
    00) echo "--tasks 2 --size 20000 --io-ms 50 --width 40" ;;
    01) echo "--counts 2 --delay-ms 100" ;;
    02) echo "--increments 20000 --chunk-ms 1" ;;
    03) echo "--jobs 4 --job-ms 20" ;;
    04) echo "--work-ms 2 --steps 2" ;;
    05) echo "--counts 2 --delay-ms 20 --clients 5" ;;
    06) echo "--unit-ms 20" ;;
    07) echo "--count 4 --delay-ms 20 --limit 2 --workers 2" ;;
    08) echo "--images 4 --width 32 --timeout-ms 300" ;;
    09) echo "--jobs 2 --wait-ms 20 --compute-ms 5" ;;
    *)
        echo "tmux_present.sh: no lesson $1 (expected 00 to 09)" >&2
        exit 2
        ;;
    esac
}

lessons=${*:-00 01 02 03 04 05 06 07 08 09}
for n in $lessons; do flags "$n" >/dev/null; done

# A scratch folder of our own, holding a private tmux server's socket and the logs of
# what each demo wrote; the server is killed and the folder removed however this ends.
work=$(mktemp -d "${TMPDIR:-/tmp}/kit-tmux-present.XXXXXX")
socket="$work/tmux.sock"
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    tmux -S "$socket" kill-server 2>/dev/null || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

packages=""
for n in $lessons; do packages="$packages -p lesson-$n"; done
# shellcheck disable=SC2086 # one word per flag
cargo build --quiet $packages
bin="${CARGO_TARGET_DIR:-target}/debug"

# No user configuration (key bindings or a status line would change the screen), and no
# confusion with a tmux session this may be running inside.
tm() { env -u TMUX tmux -S "$socket" -f /dev/null "$@"; }

# A session that lives as long as the server: killing a lesson's session must not end
# the server under the next lesson's new-session (tmux exits with its last session).
tm new-session -d -s keep -x 100 -y 40 "sleep 600"

PROMPT="press Enter to run this part"
# The top row of the word PART in kit::present's five-row letters.
BANNER="███   ██  ███  ████"
# The whole banner of part 1: the word, then the digit 1 (kit::present::big_text).
BANNER_1="███   ██  ███  ████        █
█  █ █  █ █  █  ██        ██
███  ████ ███   ██         █
█    █  █ █ █   ██         █
█    █  █ █  █  ██        ███"
# Longest a lesson may take from its start to its exit (the parts are small; the pace of
# tables and timelines is cut from 40 to 5 ms a line with PRESENT_PACE_MS, above).
LESSON_LIMIT=60

fail() {
    echo "tmux_present.sh: FAILED: lesson $lesson: $1; its screen:" >&2
    tm capture-pane -p -t "l$lesson" >&2 || true
    exit 1
}

screen() { tm capture-pane -p -t "l$lesson"; }
# The last line of the screen that is not blank.
last_line() { screen | sed '/^[[:space:]]*$/d' | tail -n 1; }
# The same, of everything the demo has written so far (its log, \r removed).
last_logged() { tr -d '\r' <"$log" | sed '/^[[:space:]]*$/d' | tail -n 1; }
# How many parts have shown their prompt so far.
prompts() { grep -a -c -F "$PROMPT" "$log" || true; }

# Waits until `$1` (a shell test) holds, polling every 0.1 s; fails with `$2` once the
# lesson's time is up.
wait_until() {
    while ! eval "$1"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "$2 within ${LESSON_LIMIT} s of its start"
        fi
        sleep 0.1
    done
}

# Starts lesson $lesson's demo with --present in a detached session of its own, its
# output logged from the first byte: the demo waits for a file that is created only once
# the log is on.
start() {
    log="$work/$lesson.log"
    : >"$log"
    # A second start of the same lesson (the q check) must wait for its own signal.
    rm -f "$work/go-$lesson"
    deadline=$(($(date +%s) + LESSON_LIMIT))
    # After the demo: its exit code, then the terminal's modes (a mode left raw would
    # show `-icanon -echo`), then a pause so the pane stays readable.
    script="while [ ! -e '$work/go-$lesson' ]; do sleep 0.05; done
PRESENT_PACE_MS=5 '$bin/lesson-$lesson' --present $(flags "$lesson")
echo \"demo exited with \$?\"
stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' ' | sed 's/^/terminal restored: /'
echo
sleep 600"
    tm new-session -d -s "l$lesson" -x 100 -y 40 sh -c "$script"
    tm pipe-pane -o -t "l$lesson" "cat >>'$log'"
    : >"$work/go-$lesson"
}

# The demo has shown part $1's screen and is waiting: the banner on the screen, the
# prompt its last line, and nothing written after the prompt.
waiting_at() {
    [ "$(prompts)" -eq "$1" ] &&
        screen | grep -q -F "$BANNER" &&
        last_line | grep -q -F "$PROMPT" &&
        last_logged | grep -q -F "$PROMPT"
}

# The exit line and the terminal's modes, once the demo has ended.
exited_cleanly() {
    wait_until 'screen | grep -q -F "demo exited with"' "the demo did not exit"
    screen | grep -q -F "demo exited with 0" || fail "the demo did not exit with 0"
    wait_until 'screen | grep -q -F "terminal restored:"' "no terminal modes after the exit"
    screen | grep -q -F "terminal restored: icanon echo" ||
        fail "the terminal was not left in canonical mode with echo"
}

started=$(date +%s)
for lesson in $lessons; do
    lesson_started=$(date +%s)
    start
    wait_until 'waiting_at 1' "part 1's banner and prompt never showed"
    # The whole banner, as big_text("PART 1") draws it, on the screen's first rows.
    screen | sed -n 2,6p | sed 's/[[:space:]]*$//' >"$work/banner"
    printf '%s\n' "$BANNER_1" | cmp -s - "$work/banner" ||
        fail "the screen does not start with part 1's banner (cleared, then PART 1)"
    echo "---- lesson $lesson: the screen of part 1, waiting ----"
    screen | sed '/^[[:space:]]*$/d'
    # A second later, the part has still not run: the demo waits for Enter.
    sleep 1
    waiting_at 1 || fail "part 1 ran (or its screen changed) before Enter was pressed"

    part=1
    while :; do
        # Run the part; it ends at the pause before the next part, or at the end.
        tm send-keys -t "l$lesson" Enter
        wait_until "grep -a -q -F 'on to part $((part + 1))' '$log' || grep -a -q -F '■ end of the demo' '$log'" \
            "neither the pause before part $((part + 1)) nor the end of the demo came after Enter"
        if grep -a -q -F "■ end of the demo" "$log"; then
            break
        fi
        # The part's output is still on the screen while the demo waits: the last line it
        # wrote before the pause is visible, and the next banner has not cleared it.
        shown=$(tr -d '\r' <"$log" | awk -v p="on to part $((part + 1))" \
            'index($0, p) { print prev; exit } /[^[:space:]]/ { prev = $0 }' |
            sed 's/\x1b\[[0-9;]*m//g; s/^[[:space:]]*//' | cut -c 1-40)
        wait_until 'last_logged | grep -q -F "on to part"' "the pause before part $((part + 1)) never settled"
        [ -n "$shown" ] || fail "part $part wrote nothing before the pause"
        wait_until 'screen | grep -q -F -- "$shown"' \
            "part $part's output ('$shown') was not on the screen at the pause before part $((part + 1))"
        last_line | grep -q -F "on to part $((part + 1))" ||
            fail "the screen moved on from part $part without Enter"
        [ "$(prompts)" -eq "$part" ] || fail "part $((part + 1)) started before Enter"
        tm send-keys -t "l$lesson" Enter
        part=$((part + 1))
        wait_until "waiting_at $part" "part $part's banner and prompt never settled"
    done
    grep -a -q -F "■ end of the demo: $part part" "$log" ||
        fail "the end line does not count the $part parts shown: $(grep -a -F '■ end' "$log")"
    exited_cleanly
    tm kill-session -t "l$lesson"
    echo "lesson $lesson: $part parts, each waited for Enter; exited 0, terminal sane ($(($(date +%s) - lesson_started)) s)"
done

# q then Enter at the second part's prompt stops the demo before that part runs.
if echo " $lessons " | grep -q " 01 "; then
    lesson=01
    start
    wait_until 'waiting_at 1' "part 1's banner and prompt never showed"
    tm send-keys -t "l$lesson" Enter
    wait_until 'last_logged | grep -q -F "on to part 2"' "the pause after part 1 never showed"
    tm send-keys -t "l$lesson" Enter
    wait_until 'waiting_at 2' "part 2's banner and prompt never showed"
    tm send-keys -t "l$lesson" q Enter
    wait_until 'grep -a -q -F "stopped before part 2 (q)" "$log"' "q did not stop the demo"
    exited_cleanly
    [ "$(prompts)" -eq 2 ] || fail "a part started after q"
    # What the demo wrote after part 2's prompt: the q typed, the stop line, no count.
    tr -d '\r' <"$log" | awk -v p="$PROMPT" 'seen >= 2 { print } index($0, p) { seen++ }' |
        grep -q -F "count 1: One" && fail "part 2 ran after q"
    echo "---- lesson 01 after q, Enter at part 2 ----"
    screen | sed '/^[[:space:]]*$/d'
    tm kill-session -t "l$lesson"
fi

echo "tmux_present: every check passed ($(($(date +%s) - started)) s)"
