//! `cargo xtask timelines`: every timeline picture of the book, redrawn from real runs.
//!
//! Each lesson demo draws its timelines as SVG files when given a folder (`--svg DIR`;
//! lesson 09's shootout writes its tables and pictures with `--out DIR`). [`SOURCES`]
//! lists, per lesson, the command the book's pictures come from and the files it
//! writes; [`DRAWN`] lists the diagrams drawn by hand. The book check proves that every
//! SVG under `book/src/img` is one or the other, so no picture is of unknown origin, and
//! this command reruns them all (release builds, as the chapters quote them) into
//! `book/src/img` or another folder, and fails if a command did not write what the
//! list says.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One demo command and the pictures it writes into `book/src/img/<dir>`.
pub struct Source {
    pub package: &'static str,
    /// The demo's arguments before the output folder.
    pub args: &'static [&'static str],
    /// The flag that takes the output folder.
    pub out_flag: &'static str,
    pub dir: &'static str,
    pub writes: &'static [&'static str],
}

/// The book's timelines, lesson by lesson, with the commands that draw them.
pub const SOURCES: [Source; 10] = [
    Source {
        package: "lesson-00",
        args: &[],
        out_flag: "--svg",
        dir: "00",
        writes: &[
            "cpu-sequential.svg",
            "cpu-async.svg",
            "cpu-threads.svg",
            "cpu-rayon.svg",
            "io-sequential.svg",
            "io-async.svg",
            "io-threads.svg",
            "io-rayon.svg",
        ],
    },
    Source {
        package: "lesson-01",
        args: &[],
        out_flag: "--svg",
        dir: "01",
        writes: &[
            "01-sync.svg",
            "01-async.svg",
            "01-blocking.svg",
            "01-spawn-blocking.svg",
            "01-deadline.svg",
        ],
    },
    Source {
        package: "lesson-02",
        args: &[],
        out_flag: "--svg",
        dir: "02",
        writes: &[
            "02-gil.svg",
            "02-free.svg",
            "02-unbounded.svg",
            "02-bounded.svg",
        ],
    },
    Source {
        package: "lesson-03",
        args: &[],
        out_flag: "--svg",
        dir: "03",
        writes: &[
            "03-processes.svg",
            "03-threads.svg",
            "03-pool.svg",
            "03-rayon.svg",
        ],
    },
    Source {
        package: "lesson-04",
        args: &[],
        out_flag: "--svg",
        dir: "04",
        writes: &["04-one-after-another.svg", "04-round-robin.svg"],
    },
    Source {
        package: "lesson-05",
        args: &[],
        out_flag: "--svg",
        dir: "05",
        writes: &[
            "05-wakers.svg",
            "05-timers.svg",
            "05-starve.svg",
            "05-starve-yield.svg",
            "05-io.svg",
            "05-threads.svg",
        ],
    },
    Source {
        package: "lesson-06",
        args: &[],
        out_flag: "--svg",
        dir: "06",
        writes: &[
            "06-join-all.svg",
            "06-try-join-all.svg",
            "06-join-set.svg",
            "06-wait.svg",
            "06-abort.svg",
            "06-orphan.svg",
            "06-token-tree.svg",
            "06-scoped.svg",
            "06-retry.svg",
            "06-budget.svg",
        ],
    },
    Source {
        package: "lesson-07",
        args: &[],
        out_flag: "--svg",
        dir: "07",
        writes: &[
            "sequential.svg",
            "thread-per-request.svg",
            "pool-of-4.svg",
            "tokio-5-at-once.svg",
            "tokio-unbounded.svg",
        ],
    },
    Source {
        package: "lesson-08",
        args: &[],
        out_flag: "--svg",
        dir: "08",
        writes: &[
            "08-sequential.svg",
            "08-threads.svg",
            "08-async-everywhere.svg",
            "08-batch.svg",
            "08-pipeline.svg",
            "08-faults.svg",
        ],
    },
    Source {
        package: "lesson-09",
        args: &["--full", "--runs", "3"],
        out_flag: "--out",
        dir: "09",
        writes: &[
            "cpu.svg",
            "cpu.md",
            "io.svg",
            "io.md",
            "mixed.svg",
            "mixed.md",
        ],
    },
];

/// Diagrams drawn by hand (paths under `book/src/img`): no run draws them.
pub const DRAWN: [&str; 3] = [
    "04/04-state-machine.svg",
    "05/event-loop-flow.svg",
    "05/future-life.svg",
];

/// Every SVG under `img` that neither [`SOURCES`] nor [`DRAWN`] accounts for (paths
/// relative to `img`).
pub fn unaccounted(img: &Path) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut dirs = vec![img.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "svg") {
                continue;
            }
            let rel = path
                .strip_prefix(img)
                .unwrap_or(&path)
                .display()
                .to_string();
            let drawn = DRAWN.contains(&rel.as_str());
            let run = SOURCES
                .iter()
                .any(|s| s.writes.iter().any(|w| format!("{}/{w}", s.dir) == rel));
            if !drawn && !run {
                found.push(rel);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Files that [`SOURCES`] or [`DRAWN`] list but `img` lacks (paths relative to `img`).
pub fn missing(img: &Path) -> Vec<String> {
    let listed = SOURCES
        .iter()
        .flat_map(|s| s.writes.iter().map(move |w| format!("{}/{w}", s.dir)))
        .chain(DRAWN.iter().map(|d| d.to_string()));
    listed.filter(|rel| !img.join(rel).is_file()).collect()
}

/// Builds the demos (release), runs each, and checks it wrote its files into `out`
/// (`book/src/img` by default). True when every command wrote everything it should.
pub fn run(root: &Path, out: Option<PathBuf>, only: Option<&str>) -> anyhow::Result<bool> {
    let out = out.unwrap_or_else(|| root.join("book").join("src").join("img"));
    let chosen: Vec<&Source> = SOURCES
        .iter()
        .filter(|s| only.is_none_or(|want| s.dir == want || s.package == want))
        .collect();
    if chosen.is_empty() {
        anyhow::bail!(
            "no lesson `{}` (known: {})",
            only.unwrap_or_default(),
            SOURCES.map(|s| s.dir).join(", ")
        );
    }
    println!(
        "==> cargo build --release of {} demo(s) (the pictures come from release builds, as the chapters quote them)",
        chosen.len()
    );
    let mut build = Command::new(course::testrun::cargo());
    build.args(["build", "--release"]).current_dir(root);
    for source in &chosen {
        build.args(["-p", source.package]);
    }
    if !build.status()?.success() {
        anyhow::bail!("the release build failed (its output is above)");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut all_well = true;
    for source in chosen {
        let dir = out.join(source.dir);
        fs::create_dir_all(&dir)?;
        let started = std::time::SystemTime::now();
        let clock = Instant::now();
        let binary = target.join("release").join(source.package);
        let mut command = Command::new(&binary);
        command.args(source.args).arg(source.out_flag).arg(&dir);
        println!(
            "==> {} {} {} {}",
            source.package,
            source.args.join(" "),
            source.out_flag,
            dir.display()
        );
        // The demo's own story is long; keep it in a log beside the pictures' folder.
        let log = out.join(format!("{}.log", source.package));
        let output = command
            .current_dir(root)
            .output()
            .map_err(|err| anyhow::anyhow!("cannot run {}: {err}", binary.display()))?;
        fs::write(&log, [output.stdout, output.stderr].concat())?;
        let fresh = |name: &str| {
            fs::metadata(dir.join(name))
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified >= started)
        };
        let missing: Vec<&str> = source
            .writes
            .iter()
            .copied()
            .filter(|w| !fresh(w))
            .collect();
        if !output.status.success() || !missing.is_empty() {
            all_well = false;
            println!(
                "    FAIL  {} ({}); not written: {missing:?}; its output is in {}",
                source.package,
                output.status,
                log.display()
            );
        } else {
            println!(
                "    ok    {} files in {:.1} s",
                source.writes.len(),
                clock.elapsed().as_secs_f64()
            );
            // Only a failure's log is worth keeping.
            let _ = fs::remove_file(&log);
        }
    }
    Ok(all_well)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_of_unknown_origin_is_found() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("00")).unwrap();
        fs::write(dir.path().join("00/cpu-async.svg"), "<svg/>").unwrap();
        fs::write(dir.path().join("00/stray.svg"), "<svg/>").unwrap();
        assert_eq!(unaccounted(dir.path()).unwrap(), ["00/stray.svg"]);
        let lacking = missing(dir.path());
        assert!(
            lacking.contains(&"00/cpu-rayon.svg".to_string()),
            "{lacking:?}"
        );
        assert!(
            !lacking.contains(&"00/cpu-async.svg".to_string()),
            "{lacking:?}"
        );
    }
}
