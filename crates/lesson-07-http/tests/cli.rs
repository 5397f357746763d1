//! The demo as a reader runs it: the story with small sizes, a picture, bad flags, a bad
//! `--url`, a server that is not ours, and a server that stops answering.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::thread;
use std::time::{Duration, Instant};

fn lesson(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-07"))
        .args(args)
        .output()
        .expect("the demo runs")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_story_runs_and_shows_every_run_in_the_table() {
    let out = lesson(&[
        "--count",
        "6",
        "--delay-ms",
        "20",
        "--limit",
        "2",
        "--workers",
        "3",
    ]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "the demo failed: {stderr}");
    for row in [
        "| sequential |",
        "| thread per request |",
        "| pool of 3 |",
        "| tokio, unbounded |",
        "| tokio, 2 at once |",
        "| smol, by hand |",
    ] {
        assert!(stdout.contains(row), "no row {row} in:\n{stdout}");
    }
    // The server's own high-water marks, as each run is designed.
    assert!(
        stdout.contains("| 1 (server) |"),
        "sequential peaks at 1:\n{stdout}"
    );
    assert!(
        stdout.contains("| 3 (server) |"),
        "the pool peaks at 3:\n{stdout}"
    );
    assert!(
        stdout.contains("| 2 (server) |"),
        "the bounded run peaks at 2:\n{stdout}"
    );
    assert!(
        stdout.contains("> GET /delay/20 HTTP/1.1"),
        "the wire:\n{stdout}"
    );
    assert!(
        stdout.contains("accounted for: 46 of 46 urls"),
        "faults:\n{stdout}"
    );
    assert!(
        stdout.contains("named 'tokio-blocking'"),
        "files:\n{stdout}"
    );
}

#[test]
fn svg_pictures_are_written() {
    let dir = std::env::temp_dir().join(format!("lesson-07-svg-{}", std::process::id()));
    let out = lesson(&[
        "bounded",
        "--count",
        "4",
        "--delay-ms",
        "5",
        "--svg",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out).1);
    let svg = std::fs::read_to_string(dir.join("tokio-5-at-once.svg")).expect("the picture");
    assert!(svg.contains("<svg"), "an svg picture");
    let _ = std::fs::remove_dir_all(dir);
}

fn one_line_exit_2(args: &[&str], needle: &str) {
    let out = lesson(args);
    let (_, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} should exit 2: {stderr}"
    );
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "one line for {args:?}: {stderr}"
    );
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
}

#[test]
fn bad_flags_and_urls_give_one_line_and_exit_2() {
    one_line_exit_2(&["--count", "0"], "--count");
    one_line_exit_2(&["--cuont", "3"], "unexpected argument");
    one_line_exit_2(&["sequental"], "unrecognized subcommand");
    one_line_exit_2(&["--url", "not a url"], "is not a url");
    one_line_exit_2(&["--url", "https://127.0.0.1:1/"], "only http://");
    // A port nobody listens on: the probe fails, in one line.
    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    one_line_exit_2(&["--url", &format!("http://{free}/")], "cannot reach --url");
}

/// A tiny server that is not ours: plain HTTP/1.1, no /stats, a thread per connection.
/// It answers the first `answers` requests, then holds every later one without a word.
fn foreign_server(answers: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let served = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let served = served.clone();
            thread::spawn(move || {
                let mut stream = stream;
                let mut buf = [0u8; 4096];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                if served.fetch_add(1, SeqCst) >= answers {
                    thread::sleep(Duration::from_secs(60));
                    return;
                }
                let reply = if seen.starts_with(b"GET /stats") {
                    "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello"
                };
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    format!("http://{addr}/")
}

#[test]
fn works_against_a_server_that_is_not_ours() {
    let url = foreign_server(usize::MAX);
    let out = lesson(&["tokio", "--url", &url, "--count", "5"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("no /stats there"), "{stdout}");
    assert!(
        stdout.contains("(client) |"),
        "peak from the client's count:\n{stdout}"
    );
    assert!(stdout.contains("| 5/5 |"), "{stdout}");
    let out = lesson(&["faults", "--url", &url]);
    assert!(out.status.success());
    assert!(text(&out).0.contains("skipped"), "{}", text(&out).0);
}

#[test]
fn a_server_that_never_answers_fails_the_probe_in_one_line() {
    let url = foreign_server(0);
    let started = Instant::now();
    one_line_exit_2(
        &["sequential", "--url", &url, "--timeout-ms", "300"],
        "cannot reach",
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "bounded by the timeout"
    );
}

#[test]
fn a_server_that_stalls_later_is_timed_out_not_waited_for() {
    // The probe and the /stats check are answered; every request after that stalls.
    let url = foreign_server(2);
    let started = Instant::now();
    let out = lesson(&[
        "bounded",
        "--url",
        &url,
        "--count",
        "4",
        "--limit",
        "2",
        "--timeout-ms",
        "200",
    ]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("| 0/4 |"), "all four time out:\n{stdout}");
    assert!(stdout.contains("timed out"), "each says why:\n{stdout}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "two waves of 200 ms timeouts, not the server's 60 s"
    );
}

/// Runs the demo with `--present` (before `args`) and `input` on its standard input
/// (`None`: closed from the start), under an outer limit of 120 s, so that a pause
/// waiting for an Enter that cannot come fails the test instead of hanging it (see
/// `kit::present::run_presented`).
fn present(args: &[&str], input: Option<&str>) -> Output {
    kit::present::run_presented(
        env!("CARGO_BIN_EXE_lesson-07"),
        args,
        input,
        std::time::Duration::from_secs(120),
    )
    .0
}

const SMALL: [&str; 8] = [
    "--count",
    "6",
    "--delay-ms",
    "20",
    "--limit",
    "2",
    "--workers",
    "3",
];

/// The presenter's titles with `SMALL`, in the story's order: the six runs, their table,
/// then faults, keep-alive and files.
const PRESENTED: [&str; 10] = [
    "sequential: reqwest::blocking, one request after another on the main thread",
    "thread per request: std::thread::scope, one thread per request",
    "pool of 3: a fixed number of threads",
    "tokio, unbounded: one future per request",
    "tokio, 2 at once: buffer_unordered(limit)",
    "smol: an HTTP/1.1 GET by hand",
    "The six runs side by side: 6 requests each",
    "faults: timeouts, bounded retries with back-off",
    "keep-alive: one pooled connection, or a new connection per request",
    "files: tokio::fs on a one-thread runtime",
];

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_timeline_as_it_ends() {
    // An Enter for every pause, and to spare: the presenter reads one line per pause
    // and leaves the rest unread.
    let out = present(&SMALL, Some(&"\n".repeat(3 * PRESENTED.len())));
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    // Part i's screen runs from its title to part i + 1's title.
    let screens = kit::present::screens(&stdout, &PRESENTED, "");
    let screen = |i: usize| screens[i];
    for i in 0..PRESENTED.len() {
        assert!(
            screen(i).contains("Watch for: ") && screen(i).contains("▸ press Enter"),
            "part {} has no screen of its own:\n{}",
            i + 1,
            screen(i)
        );
    }
    // What each part shows comes with that part, not at the end: the five runs'
    // timelines, the bytes on the wire, the table, the faults' accounting, the rest.
    for (i, what) in [
        (0, "req 005 │"),
        (1, "thread 6 │"),
        (2, "thread 3 │"),
        (3, "req 005 │"),
        (4, "req 005 │"),
        (5, "> GET /delay/20 HTTP/1.1"),
        (6, "| smol, by hand |"),
        (7, "accounted for: 46 of 46 urls"),
        (8, "200 requests to"),
        (9, "named 'tokio-blocking'"),
    ] {
        assert!(
            screen(i).contains(what),
            "part {} should show {what:?} before the next part begins:\n{}",
            i + 1,
            screen(i)
        );
    }
    // The target line is said once, on the first part's screen (the banner would clear
    // it away if it came first), and no usual header is printed.
    assert!(
        screen(0).contains("target: http://127.0.0.1:"),
        "{}",
        screen(0)
    );
    for header in ["== sequential", "== 6 requests of", "== faults", "== files"] {
        assert!(!stdout.contains(header), "the usual header too:\n{stdout}");
    }
    assert!(
        stdout.ends_with("■ end of the demo: 10 parts shown\n"),
        "{stdout}"
    );
}

#[test]
fn presenter_mode_presents_one_part_alone_with_its_table() {
    let out = present(&["bounded", "--count", "4", "--delay-ms", "5"], Some("\n"));
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("tokio, 5 at once: buffer_unordered"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| tokio, 5 at once |"),
        "its table: {stdout}"
    );
    assert!(
        stdout.ends_with("■ end of the demo: 1 part shown\n"),
        "{stdout}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_waiting() {
    let out = present(&SMALL, None);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.ends_with("■ end of the demo: 10 parts shown\n"),
        "{stdout}"
    );
}

#[test]
fn bench_refuses_presenter_mode_saying_why_and_does_not_offer_it() {
    one_line_exit_2(&["bench", "--present"], "bench is a measurement");
    one_line_exit_2(&["--present", "bench"], "bench is a measurement");
    let out = lesson(&["bench", "--help"]);
    assert!(out.status.success());
    let (help, _) = text(&out);
    assert!(
        !help.contains("--present"),
        "bench --help offers --present:\n{help}"
    );
}

#[test]
fn help_lists_the_parts_and_presenter_mode() {
    let out = lesson(&["--help"]);
    assert!(out.status.success());
    let (stdout, _) = text(&out);
    for word in [
        "sequential",
        "keepalive",
        "files",
        "bench",
        "--url",
        "--svg",
        "--present",
    ] {
        assert!(stdout.contains(word), "--help does not mention {word}");
    }
}
