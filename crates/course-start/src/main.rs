//! What `cargo course` runs first: it builds the course runner, then hands over to it.
//!
//! The alias in `.cargo/config.toml` runs this small program with `cargo run --quiet`,
//! which keeps cargo's `Finished` and `Running` lines off every later command. But
//! `--quiet` also hides cargo's progress, and the very first `cargo course` compiles the
//! runner and its dependencies: a minute or two of a blank terminal on 2 cores. So this
//! program, which has no dependencies and compiles in about a second, builds the runner
//! itself (`cargo build --package course --bin course --message-format=json`), watches
//! cargo's messages, and as soon as one crate has to be compiled says what is happening
//! and how long it takes, then counts the crates as they are done. When nothing needs
//! compiling, it prints nothing at all. Then it starts the runner with the arguments it
//! was given (on Unix it becomes the runner, so keys and Ctrl-C behave exactly as if the
//! runner had been started directly).
//!
//! Compiler errors reach the terminal as cargo renders them
//! (`--message-format=json-render-diagnostics`).

use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// What the first line says about the time a first build takes: measured on a 2-core
/// machine from an empty `target/` (see the README's first-run table).
const FIRST_BUILD: &str = "about a minute and a half on 2 cores, once";

fn main() -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let built = match build(&cargo) {
        Ok(built) => built,
        Err(code) => return code,
    };
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    start(built, &args)
}

/// Builds the runner; its path, or the exit code to end with (cargo said why).
fn build(cargo: &OsString) -> Result<PathBuf, ExitCode> {
    let mut child = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--package",
            "course",
            "--bin",
            "course",
            "--message-format=json-render-diagnostics",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|err| {
            eprintln!("error: cannot run cargo ({err}): is the Rust toolchain installed?");
            ExitCode::from(2)
        })?;
    let mut progress = Progress::new(io::stderr().is_terminal());
    let mut executable = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Some(artifact) = Artifact::parse(&line) else {
                continue;
            };
            if !artifact.fresh {
                progress.compiled(&artifact.name);
            }
            if artifact.name == "course" && artifact.executable.is_some() {
                executable = artifact.executable;
            }
        }
    }
    let status = child.wait().map_err(|err| {
        eprintln!("error: cargo did not finish ({err})");
        ExitCode::from(2)
    })?;
    progress.done(status.success());
    if !status.success() {
        // Cargo has said why (a compile error, a lock it could not take).
        return Err(ExitCode::from(
            u8::try_from(status.code().unwrap_or(1)).unwrap_or(1),
        ));
    }
    executable.map(PathBuf::from).ok_or_else(|| {
        eprintln!("error: cargo built no `course` program (is this the course workspace?)");
        ExitCode::from(2)
    })
}

/// Starts the runner with `args`; on Unix, this process becomes the runner.
fn start(runner: PathBuf, args: &[OsString]) -> ExitCode {
    let mut cmd = Command::new(&runner);
    cmd.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Only returns if the runner could not be started.
        let err = cmd.exec();
        eprintln!("error: cannot start {} ({err})", runner.display());
        ExitCode::from(2)
    }
    #[cfg(not(unix))]
    match cmd.status() {
        Ok(status) => ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1)),
        Err(err) => {
            eprintln!("error: cannot start {} ({err})", runner.display());
            ExitCode::from(2)
        }
    }
}

/// What this program tells the learner while cargo compiles.
struct Progress {
    terminal: bool,
    started: Option<Instant>,
    compiled: usize,
}

impl Progress {
    fn new(terminal: bool) -> Self {
        Self {
            terminal,
            started: None,
            compiled: 0,
        }
    }

    /// A crate was compiled (not reused from an earlier build).
    fn compiled(&mut self, name: &str) {
        let started = *self.started.get_or_insert_with(|| {
            eprintln!(
                "building the course runner and its dependencies ({FIRST_BUILD}; later \
                 runs start at once)"
            );
            Instant::now()
        });
        self.compiled += 1;
        if self.terminal {
            // One line, rewritten in place: `\r` back to its start, ESC[K clears the rest.
            let mut err = io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[K  {} crates compiled, {} s: {name}",
                self.compiled,
                started.elapsed().as_secs()
            );
            let _ = err.flush();
        }
    }

    fn done(&self, success: bool) {
        let Some(started) = self.started else { return };
        let clear = if self.terminal { "\r\x1b[K" } else { "" };
        let how = if success { "built" } else { "stopped" };
        eprintln!(
            "{clear}{how}: {} crates compiled in {} s",
            self.compiled,
            started.elapsed().as_secs()
        );
    }
}

/// The fields of one of cargo's `compiler-artifact` messages that matter here.
#[derive(Debug, PartialEq, Eq)]
struct Artifact {
    /// The target's name (`tokio`, `course`).
    name: String,
    /// Reused from an earlier build: nothing was compiled.
    fresh: bool,
    executable: Option<String>,
}

impl Artifact {
    /// Reads a line of `cargo build --message-format=json`; `None` unless it is a
    /// `compiler-artifact` message. (A few fields of a format cargo keeps stable are read
    /// by hand, so that this program needs no JSON library and compiles at once.)
    fn parse(line: &str) -> Option<Self> {
        if !line.contains(r#""reason":"compiler-artifact""#) {
            return None;
        }
        let target = &line[line.find(r#""target":{"#)?..];
        let name = string_after(target, r#""name":""#)?;
        let fresh = line.contains(r#""fresh":true"#);
        let executable = string_after(line, r#""executable":""#);
        Some(Self {
            name,
            fresh,
            executable,
        })
    }
}

/// The JSON string that starts right after `key` in `text`, unescaped.
fn string_after(text: &str, key: &str) -> Option<String> {
    let rest = &text[text.find(key)? + key.len()..];
    let mut out = String::new();
    let mut chars = rest.chars();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other), // `\"`, `\\`, `\/`
            },
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifacts_are_read_from_cargo_s_messages() {
        let line = r#"{"reason":"compiler-artifact","package_id":"path+file:///w/crates/course#0.0.0","manifest_path":"/w/crates/course/Cargo.toml","target":{"kind":["bin"],"crate_types":["bin"],"name":"course","src_path":"/w/crates/course/src/bin/course/main.rs"},"profile":{"opt_level":"0"},"features":[],"filenames":["/w/target/debug/course"],"executable":"/w/tar\"get\\debug/course","fresh":false}"#;
        assert_eq!(
            Artifact::parse(line),
            Some(Artifact {
                name: "course".into(),
                fresh: false,
                executable: Some(r#"/w/tar"get\debug/course"#.into()),
            })
        );
        let lib = r#"{"reason":"compiler-artifact","package_id":"x","target":{"kind":["lib"],"name":"tokio"},"executable":null,"fresh":true}"#;
        assert_eq!(
            Artifact::parse(lib),
            Some(Artifact {
                name: "tokio".into(),
                fresh: true,
                executable: None,
            })
        );
        assert_eq!(
            Artifact::parse(r#"{"reason":"build-finished","success":true}"#),
            None
        );
    }

    #[test]
    fn unicode_escapes_are_read() {
        assert_eq!(
            string_after(r#"{"a":"caf\u00e9"}"#, r#""a":""#).as_deref(),
            Some("café")
        );
    }
}
