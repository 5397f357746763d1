//! `course book`, and where the runner tells the learner to read.
//!
//! The chapters' Markdown (`book/src/*.md`) is full of `{{#include …}}` lines and SVG
//! pictures a terminal cannot show; the rendered book (`mdbook build book`, written to
//! `book/book/`) has the code and the pictures in place. So the runner points at the
//! rendered page when it has been built, and at the Markdown until then.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::Context;
use course::meta::{Course, Lesson, Step};
use course::state::State;

use crate::{find_step, load_state};

/// The mdbook release the course is built and checked with.
pub const MDBOOK_INSTALL: &str = "cargo install --locked mdbook --version 0.5.4";

/// `course book [ID]`: builds the book, then says where the step's section is.
pub fn run(course: &Course, id: Option<&str>) -> anyhow::Result<ExitCode> {
    let state = load_state(course)?;
    let (lesson, step) = match id {
        Some(id) => find_step(course, id)?,
        None => current_step(course, &state),
    };
    let book = course.root.join("book");
    eprintln!("building the book: mdbook build book");
    let output = Command::new(mdbook())
        .arg("build")
        .arg(&book)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| {
            anyhow::anyhow!(
                "cannot run mdbook ({err}): install it once with `{MDBOOK_INSTALL}` (a few \
                 minutes), then run `cargo course book` again"
            )
        })?;
    if !output.status.success() {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        anyhow::bail!(
            "mdbook build book failed ({}); its output is above",
            output.status
        );
    }
    let index = rendered_dir(course).join("index.html");
    println!("the book: {}", crate::shown(course, &index));
    println!("{}: {}", step.id, step.title);
    for line in reading(course, &state, lesson, step) {
        println!("{line}");
    }
    let page = rendered_page(course, step)
        .with_context(|| format!("mdbook wrote no page for {}", step.chapter_page()))?;
    let anchor = step
        .chapter_anchor()
        .map(|a| format!("#{a}"))
        .unwrap_or_default();
    println!("  open  {}{anchor}", file_url(&page));
    Ok(ExitCode::SUCCESS)
}

/// The step to point at: the first one not solved, else the last one.
pub fn current_step<'c>(course: &'c Course, state: &State) -> (&'c Lesson, &'c Step) {
    state
        .first_unsolved(course)
        .or_else(|| course.steps().last())
        .expect("`main` made sure the course has steps")
}

/// The `read` lines for a step: its section of the chapter, and for the first step of a
/// lesson in which nothing passes yet, the chapter's beginning first (the steps'
/// sections come at the end of a chapter, after what they build on). Not "not started":
/// the runner checks a step as soon as it opens it, so a new lesson's first step is
/// failed within seconds, long before the learner has read anything.
pub fn reading(course: &Course, state: &State, lesson: &Lesson, step: &Step) -> Vec<String> {
    let section = link(course, step, true);
    let first = lesson.steps.first().is_some_and(|s| s.id == step.id);
    let nothing_passes = lesson.steps.iter().all(|s| !state.passed(&s.id));
    if first && nothing_passes && step.chapter_anchor().is_some() {
        vec![
            format!(
                "  read  {}  (a new lesson: the chapter from its start)",
                link(course, step, false)
            ),
            format!("  then  {section}"),
        ]
    } else {
        vec![format!("  read  {section}")]
    }
}

/// The step's chapter page, rendered (`book/book/….html`) when it has been built, else
/// its Markdown; with the step's `#anchor` when `anchored`.
pub fn link(course: &Course, step: &Step, anchored: bool) -> String {
    let page = match rendered_page(course, step) {
        Some(html) => crate::shown(course, &html),
        None => format!("book/src/{}", step.chapter_page()),
    };
    match step.chapter_anchor() {
        Some(anchor) if anchored => format!("{page}#{anchor}"),
        _ => page,
    }
}

/// The rendered page of a step's chapter, if the book has been built.
fn rendered_page(course: &Course, step: &Step) -> Option<PathBuf> {
    let html = Path::new(step.chapter_page()).with_extension("html");
    let page = rendered_dir(course).join(html);
    page.is_file().then_some(page)
}

/// Where mdbook writes the book: `build-dir` of `book/book.toml`, `book/book` by default.
fn rendered_dir(course: &Course) -> PathBuf {
    let book = course.root.join("book");
    let configured = std::fs::read_to_string(book.join("book.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|config| {
            config
                .get("build")?
                .get("build-dir")?
                .as_str()
                .map(PathBuf::from)
        });
    book.join(configured.unwrap_or_else(|| PathBuf::from("book")))
}

/// `file:///…` for an absolute path, spaces and other unsafe bytes percent-encoded.
fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/'); // A Windows drive: file:///C:/…
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(char::from(byte))
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

/// The mdbook to call: `$MDBOOK` when set (the tests use a stand-in), else `mdbook`.
fn mdbook() -> String {
    std::env::var("MDBOOK").unwrap_or_else(|_| "mdbook".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        assert_eq!(
            file_url(Path::new("/no/such dir/a#b.html")),
            "file:///no/such%20dir/a%23b.html"
        );
    }
}
