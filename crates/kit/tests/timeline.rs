//! The timeline: recording from threads, async tasks and child processes, and the
//! exact pictures it draws (golden outputs built from spans with fixed times).

use std::collections::HashSet;
use std::time::Duration;

use kit::timeline::{Kind, Rows, Span, ThreadTag, Timeline, render_svg, render_text};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn main_thread() -> ThreadTag {
    ThreadTag::new(100, 1, Some("main"))
}

fn worker(n: u64) -> ThreadTag {
    ThreadTag::new(100, n, None)
}

/// Two CPU tasks one after the other on the main thread.
fn sequential() -> Vec<Span> {
    vec![
        Span::new("task 1", main_thread(), ms(0), ms(100)),
        Span::new("task 2", main_thread(), ms(100), ms(200)),
    ]
}

/// Two CPU tasks at the same time on two threads.
fn parallel() -> Vec<Span> {
    vec![
        Span::new("task 1", worker(2), ms(0), ms(100)),
        Span::new("task 2", worker(3), ms(0), ms(100)),
    ]
}

/// Three IO tasks on one thread: a little work, a long wait, a little work each.
fn concurrent_io() -> Vec<Span> {
    let mut spans = Vec::new();
    for (i, name) in ["get a", "get b", "get c"].into_iter().enumerate() {
        let i = i as u64;
        spans.push(Span::new(name, main_thread(), ms(5 * i), ms(5 * i + 5)));
        spans.push(Span::new(name, main_thread(), ms(5 * i + 5), ms(5 * i + 85)).waiting());
        spans.push(Span::new(
            name,
            main_thread(),
            ms(85 + 5 * i),
            ms(90 + 5 * i),
        ));
    }
    spans
}

fn check(actual: &str, expected: &str) {
    assert_eq!(
        actual, expected,
        "\n--- actual ---\n{actual}\n--- expected ---\n{expected}"
    );
}

#[test]
fn golden_sequential_by_task() {
    check(
        &render_text(&sequential(), Rows::Task, 40),
        "\
task 1 │████████████████████                    │
task 2 │                    ████████████████████│
       └┬─────────┬─────────┬─────────┬─────────┤
        0         50        100       150       200 ms
        █ busy  ░ waiting
",
    );
}

#[test]
fn golden_sequential_by_thread_is_one_row() {
    check(
        &render_text(&sequential(), Rows::Thread, 40),
        "\
main │AAAAAAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBBBBB│
     └┬─────────┬─────────┬─────────┬─────────┤
      0         50        100       150       200 ms
      A task 1  B task 2  ░ waiting
",
    );
}

#[test]
fn golden_parallel_by_thread_overlaps() {
    check(
        &render_text(&parallel(), Rows::Thread, 20),
        "\
thread 1 │AAAAAAAAAAAAAAAAAAAA│
thread 2 │BBBBBBBBBBBBBBBBBBBB│
         └┬─────────┬─────────┤
          0         50        100 ms
          A task 1  B task 2  ░ waiting
",
    );
}

#[test]
fn golden_concurrent_io_interleaves_on_one_thread() {
    check(
        &render_text(&concurrent_io(), Rows::Task, 20),
        "\
get a │█░░░░░░░░░░░░░░░░█  │
get b │ █░░░░░░░░░░░░░░░░█ │
get c │  █░░░░░░░░░░░░░░░░█│
      └┬─────────┬─────────┤
       0         50        100 ms
       █ busy  ░ waiting
",
    );
    // One row: the busy bits take turns on the thread while all three waits overlap.
    check(
        &render_text(&concurrent_io(), Rows::Thread, 20),
        "\
main │ABC░░░░░░░░░░░░░░ABC│
     └┬─────────┬─────────┤
      0         50        100 ms
      A get a  B get b  C get c  ░ waiting
",
    );
}

#[test]
fn golden_a_name_that_only_waits_gets_no_letter() {
    // An idle worker's wait is drawn as `░`; a letter in the legend would name nothing.
    let mut spans = parallel();
    spans.push(Span::new("worker 3 (idle)", worker(4), ms(0), ms(100)).waiting());
    check(
        &render_text(&spans, Rows::Thread, 20),
        "\
thread 1 │AAAAAAAAAAAAAAAAAAAA│
thread 2 │BBBBBBBBBBBBBBBBBBBB│
thread 3 │░░░░░░░░░░░░░░░░░░░░│
         └┬─────────┬─────────┤
          0         50        100 ms
          A task 1  B task 2  ░ waiting
",
    );
}

/// Two IO tasks on two threads that sleep in a blocking call: a sliver of work, then the
/// thread held for the whole wait.
fn blocking_io() -> Vec<Span> {
    let mut spans = Vec::new();
    for (i, name) in ["get a", "get b"].into_iter().enumerate() {
        let thread = worker(i as u64 + 2);
        spans.push(Span::new(name, thread.clone(), ms(0), ms(10)));
        spans.push(Span::new(name, thread, ms(10), ms(100)).blocked());
    }
    spans
}

#[test]
fn golden_blocked_threads_are_told_apart_from_waiting_tasks() {
    // A blocked thread is drawn ▒, and the legend names it only when it is drawn.
    check(
        &render_text(&blocking_io(), Rows::Thread, 20),
        "\
thread 1 │AA▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒│
thread 2 │BB▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒│
         └┬─────────┬─────────┤
          0         50        100 ms
          A get a  B get b  ▒ blocked  ░ waiting
",
    );
    check(
        &render_text(&blocking_io(), Rows::Task, 20),
        "\
get a │██▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒│
get b │██▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒│
      └┬─────────┬─────────┤
       0         50        100 ms
       █ busy  ▒ blocked  ░ waiting
",
    );
}

#[test]
fn a_cell_shows_busy_before_blocked_before_waiting() {
    // Three spans share the one cell of a 10-column chart's first 10 ms: the busy one
    // is the shortest and still wins; without it, blocked beats the longer wait.
    let t = main_thread();
    let mut spans = vec![
        Span::new("x", t.clone(), ms(0), ms(2)),
        Span::new("x", t.clone(), ms(2), ms(5)).blocked(),
        Span::new("x", t.clone(), ms(5), ms(100)).waiting(),
    ];
    let first_cell = |spans: &[Span]| {
        let text = render_text(spans, Rows::Task, 10);
        text.lines().next().unwrap().chars().nth(3).unwrap()
    };
    assert_eq!(first_cell(&spans), '█');
    spans.remove(0);
    assert_eq!(first_cell(&spans), '▒');
}

#[test]
fn svg_draws_blocked_bars_hatched_and_names_them_only_when_drawn() {
    let svg = render_svg(&blocking_io(), Rows::Thread, "two blocked threads");
    assert_well_formed(&svg);
    assert!(svg.contains("url(#blocked-hatch)"), "{svg}");
    assert!(svg.contains(">blocked<"), "the legend names blocked bars");
    assert!(svg.contains("get a: blocked 10.0–100.0 ms"), "{svg}");
    let svg = render_svg(&concurrent_io(), Rows::Thread, "three downloads");
    assert!(!svg.contains("blocked"), "no blocked bar, no legend entry");
}

#[test]
fn a_window_ending_between_ticks_keeps_its_plain_corner() {
    // 90 ms on 30 columns: ticks at 0 and 50 ms only, so the corner has no tick.
    let spans = [Span::new("t", main_thread(), ms(0), ms(90))];
    let chart = render_text(&spans, Rows::Task, 30);
    let axis = chart.lines().nth(1).unwrap();
    assert_eq!(axis, "  └┬────────────────┬────────────┘", "{chart}");
}

#[test]
fn an_empty_timeline_says_so() {
    assert_eq!(render_text(&[], Rows::Task, 40), "(no spans recorded)\n");
}

#[test]
fn long_labels_are_cut_to_keep_the_width() {
    let name = "a task with a really very long descriptive name";
    let chart = render_text(
        &[Span::new(name, main_thread(), ms(0), ms(10))],
        Rows::Task,
        10,
    );
    let first = chart.lines().next().unwrap();
    assert_eq!(first, "a task with a really ve… │██████████│");
}

#[test]
fn a_span_set_backwards_lasts_nothing() {
    let mut span = Span::new("t", main_thread(), ms(0), ms(10));
    span.end = ms(0);
    span.start = ms(5);
    assert_eq!(span.duration(), Duration::ZERO);
}

#[test]
fn records_from_several_threads() {
    let tl = Timeline::new();
    std::thread::scope(|s| {
        for i in 0..4 {
            let tl = tl.clone();
            s.spawn(move || {
                let _span = tl.span(format!("task {i}"));
                kit::work::count_primes(1_000);
            });
        }
    });
    let spans = tl.spans();
    assert_eq!(spans.len(), 4);
    let threads: HashSet<u64> = spans.iter().map(|s| s.thread.number).collect();
    assert_eq!(
        threads.len(),
        4,
        "each span names its own thread: {spans:?}"
    );
    assert!(
        spans
            .iter()
            .all(|s| s.kind == Kind::Busy && s.end >= s.start)
    );
    assert!(spans.iter().all(|s| s.thread.pid == std::process::id()));
    let chart = tl.render_text(Rows::Thread, 30);
    assert_eq!(
        chart.lines().filter(|l| l.contains('│')).count(),
        4,
        "{chart}"
    );
}

#[tokio::test(start_paused = true)]
async fn records_from_async_tasks_on_one_thread() {
    let tl = Timeline::new();
    let mut handles = Vec::new();
    for (name, wait) in [("a", 30), ("b", 10), ("c", 20)] {
        let tl = tl.clone();
        handles.push(tokio::spawn(async move {
            let _wait = tl.wait(name);
            tokio::time::sleep(ms(wait)).await;
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let spans = tl.spans();
    assert_eq!(spans.len(), 3);
    assert!(spans.iter().all(|s| s.kind == Kind::Wait));
    let threads: HashSet<&ThreadTag> = spans.iter().map(|s| &s.thread).collect();
    assert_eq!(
        threads.len(),
        1,
        "a current_thread runtime runs every task on one thread"
    );
}

#[test]
fn record_takes_explicit_instants() {
    let tl = Timeline::new();
    let start = std::time::Instant::now();
    tl.record("step", start, start + ms(7));
    let spans = tl.spans();
    assert_eq!(spans[0].duration(), ms(7));
    assert_eq!(spans[0].thread, ThreadTag::current());
}

#[test]
fn child_lines_round_trip_through_the_parent() {
    // The parent starts first (it spawns the child); the "child" records into its own
    // timeline and prints the lines among its other output.
    let parent = Timeline::new();
    let child = Timeline::new();
    child.push(Span::new(
        "crunch",
        ThreadTag::new(4242, 1, Some("main")),
        ms(0),
        ms(30),
    ));
    child.push(Span::new("load\tfile", ThreadTag::new(4242, 2, None), ms(5), ms(15)).waiting());
    child.push(Span::new("read", ThreadTag::new(4242, 3, None), ms(15), ms(25)).blocked());
    let stdout = format!("hello from the child\n{}bye\n", child.to_lines());

    assert_eq!(parent.merge_lines(&stdout), Ok(3));
    let spans = parent.spans();
    let crunch = spans.iter().find(|s| s.name == "crunch").unwrap();
    assert_eq!(crunch.thread, ThreadTag::new(4242, 1, Some("main")));
    assert_eq!((crunch.kind, crunch.duration()), (Kind::Busy, ms(30)));
    let load = spans.iter().find(|s| s.name == "load file").unwrap();
    assert_eq!(
        (load.kind, load.duration(), load.thread.name.as_deref()),
        (Kind::Wait, ms(10), None)
    );
    assert_eq!(load.start - crunch.start, ms(5));
    let read = spans.iter().find(|s| s.name == "read").unwrap();
    assert_eq!((read.kind, read.duration()), (Kind::Blocked, ms(10)));
}

#[test]
fn a_bad_child_line_names_its_line_number() {
    let err = Timeline::new()
        .merge_lines("ok\n@kit-span\t1\t2\t-\tnap\t0\t1\tx\n")
        .unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.to_string().contains("not busy, blocked or wait"),
        "{err}"
    );
    let short = Timeline::new().merge_lines("@kit-span\t1\n").unwrap_err();
    assert!(short.reason.contains("8 tab-separated fields"), "{short}");
}

/// A small well-formedness check: every tag closes, in order, and text has no raw `<&`.
fn assert_well_formed(svg: &str) {
    let mut open: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        assert!(
            !text.contains('>') && entities_ok(text),
            "stray markup in text {text:?}"
        );
        let end = rest[i..].find('>').expect("unclosed tag") + i;
        let tag = &rest[i + 1..end];
        rest = &rest[end + 1..];
        assert!(entities_ok(tag), "raw & in tag {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                open.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().expect("empty tag");
            open.push(name.to_string());
        }
    }
    assert!(open.is_empty(), "unclosed tags: {open:?}");
    assert!(
        svg.trim_start().starts_with("<svg "),
        "an SVG document starts with <svg"
    );
}

fn entities_ok(text: &str) -> bool {
    text.match_indices('&').all(|(i, _)| {
        ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
            .iter()
            .any(|e| text[i..].starts_with(e))
    })
}

#[test]
fn svg_is_well_formed_and_carries_its_labels() {
    for rows in [Rows::Task, Rows::Thread] {
        let svg = render_svg(&concurrent_io(), rows, "three downloads, one thread");
        assert_well_formed(&svg);
        for label in [
            "three downloads, one thread",
            "get a",
            "get b",
            "get c",
            "time (ms)",
            "busy",
            "waiting",
        ] {
            assert!(svg.contains(label), "missing {label:?} in {rows:?} SVG");
        }
    }
    let svg = render_svg(&parallel(), Rows::Thread, "two threads");
    for label in ["thread 1", "thread 2", ">0<", ">100<"] {
        assert!(svg.contains(label), "missing {label:?}");
    }
}

#[test]
fn svg_escapes_markup_in_names() {
    let spans = [Span::new("<b> & \"q\"", main_thread(), ms(0), ms(1))];
    let svg = render_svg(&spans, Rows::Task, "a < b");
    assert_well_formed(&svg);
    assert!(svg.contains("&lt;b&gt; &amp; &quot;q&quot;"));
    assert!(svg.contains("a &lt; b"));
}

#[test]
fn svg_cuts_long_labels_before_the_bars_and_keeps_them_as_tooltips() {
    let name = "a task with a really very long descriptive name that goes on";
    let svg = render_svg(
        &[Span::new(name, main_thread(), ms(0), ms(10))],
        Rows::Task,
        "long",
    );
    assert_well_formed(&svg);
    let label = svg
        .lines()
        .find(|l| l.starts_with("<text") && l.contains(&format!("<title>{name}</title>")))
        .expect("the whole name as the label's tooltip");
    let shown = label
        .rsplit("</title>")
        .next()
        .unwrap()
        .trim_end_matches("</text>");
    assert!(shown.ends_with('…'), "{shown:?}");
    assert!(name.starts_with(shown.trim_end_matches('…')));
    // The bars start at the label column's right edge, which the cut label fits in.
    let bar_x: f64 = svg
        .lines()
        .find(|l| l.starts_with("<rect") && l.contains("<title>"))
        .and_then(|l| l.split(" x=\"").nth(1))
        .and_then(|x| x[..x.find('"')?].parse().ok())
        .expect("a bar");
    let label_x: f64 = label
        .split(" x=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        label_x + shown.chars().count() as f64 * 7.2 <= bar_x,
        "a {}-character label at x={label_x} runs into the bar at x={bar_x}",
        shown.chars().count()
    );
}

#[test]
fn svg_labels_threads_of_several_processes_with_their_pid() {
    let spans = [
        Span::new("p", ThreadTag::new(7, 1, Some("main")), ms(0), ms(10)),
        Span::new("q", ThreadTag::new(8, 1, Some("main")), ms(0), ms(10)),
    ];
    let svg = render_svg(&spans, Rows::Thread, "two processes");
    assert!(svg.contains("pid 7 main") && svg.contains("pid 8 main"));
}

#[test]
fn write_svg_writes_the_file() {
    let dir = std::env::temp_dir().join(format!("kit-timeline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.svg");
    let tl = Timeline::new();
    tl.push(Span::new("x", main_thread(), ms(0), ms(3)));
    tl.write_svg(&path, Rows::Task, "x").unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_well_formed(&svg);
}

/// The y of the first bar whose tooltip starts with `task`.
fn bar_y(svg: &str, task: &str) -> String {
    let line = svg
        .lines()
        .find(|l| l.starts_with("<rect") && l.contains(&format!("<title>{task}:")))
        .unwrap_or_else(|| panic!("no bar for {task}"));
    let y = line.split(" y=\"").nth(1).unwrap();
    y[..y.find('"').unwrap()].to_string()
}

#[test]
fn svg_stacks_overlapping_tasks_of_one_thread_in_lanes() {
    let svg = render_svg(&concurrent_io(), Rows::Thread, "one thread");
    let ys: HashSet<String> = ["get a", "get b", "get c"]
        .iter()
        .map(|t| bar_y(&svg, t))
        .collect();
    assert_eq!(ys.len(), 3, "three overlapping tasks, three lanes");
    // Sequential tasks do not overlap: they share the thread's one lane.
    let svg = render_svg(&sequential(), Rows::Thread, "one after another");
    assert_eq!(bar_y(&svg, "task 1"), bar_y(&svg, "task 2"));
}

#[test]
fn tasks_get_letters_in_natural_name_order_not_start_order() {
    // "task 10" starts first, "task 2" second: the legend still reads 2 before 10.
    let spans = [
        Span::new("task 10", worker(2), ms(0), ms(10)),
        Span::new("task 2", worker(3), ms(5), ms(10)),
    ];
    let chart = render_text(&spans, Rows::Thread, 10);
    assert!(chart.contains("A task 2  B task 10"), "{chart}");
    assert!(
        chart.starts_with("thread 1 │BBBBBBBBBB│\nthread 2 │     AAAAA│\n"),
        "{chart}"
    );
}
