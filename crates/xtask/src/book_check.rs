//! The book's static check: what can be proven about the chapters without mdBook.
//!
//! Part of the README's test command (`cargo xtask test`), so it needs nothing but the
//! Rust toolchain. It reads every page listed in `SUMMARY.md` as mdBook would (with
//! pulldown-cmark, the parser mdBook uses) and proves:
//!
//! - every `{{#include}}` resolves: the file exists, its anchor is defined, its line
//!   range is inside it (mdBook 0.5 logs a missing file but exits 0, and renders nothing
//!   for a missing anchor);
//! - every Rust code block is tested: either it only includes a region of a `.rs` file
//!   that the workspace or the exercise check compiles, or it is `compile_fail` with its
//!   error code, and then `rustc` compiles it here and must fail with that code (rustdoc
//!   checks the code only on nightly); any other Rust block is a stray, untested one;
//! - every internal link resolves: a page listed in the summary, a file that mdBook
//!   copies into the book, and a `#anchor` that the target page defines, with heading ids
//!   computed as mdBook computes them (`cargo xtask book` compares them with the built
//!   HTML, so the two cannot drift apart);
//! - every SVG under `book/src/img` comes from a demo run that `cargo xtask timelines`
//!   repeats, or is listed as drawn by hand;
//! - no line is a bare upper-case token (`BENCH_TABLE`): a placeholder left unfilled.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// What the check found: counts for the report, and one line per problem.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub includes: usize,
    pub rust_blocks: usize,
    pub compile_fail: usize,
    pub links: usize,
    pub problems: Vec<String>,
    /// Each page's heading ids, as this check computes them (for the comparison with
    /// the HTML mdBook writes).
    pub ids: BTreeMap<PathBuf, Vec<String>>,
}

/// The folders whose `.rs` files are compiled and tested: the workspace's crates, the
/// exercises and the solutions (with their known wrong answers, which the exercise
/// check compiles).
const COMPILED: [&str; 3] = ["crates", "exercises", "solutions"];

/// Checks the book under `root/book/src`.
pub fn check(root: &Path) -> anyhow::Result<Report> {
    let src = root.join("book").join("src");
    let summary = fs::read_to_string(src.join("SUMMARY.md"))?;
    let mut listed: Vec<PathBuf> = vec![PathBuf::from("SUMMARY.md")];
    for (target, _) in links(&summary) {
        if !target.contains("://") && target.ends_with(".md") {
            listed.push(PathBuf::from(target));
        }
    }

    let mut report = Report::default();
    let mut pages = BTreeMap::new();
    for rel in &listed {
        let path = src.join(rel);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) => {
                report
                    .problems
                    .push(format!("SUMMARY.md lists {}: {err}", rel.display()));
                continue;
            }
        };
        report.ids.insert(rel.clone(), heading_ids(&text));
        pages.insert(rel.clone(), text);
    }
    // A page on disk that the summary leaves out is never rendered: its links and
    // anchors would point at nothing. (A Markdown file that a page includes, such as a
    // generated table, is part of that page.)
    let included: BTreeSet<PathBuf> = pages
        .iter()
        .flat_map(|(rel, text)| {
            include_links(text).into_iter().filter_map(move |link| {
                let file = link
                    .target
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                normalize(&rel.parent().unwrap_or(Path::new("")).join(file))
            })
        })
        .collect();
    let mut on_disk = Vec::new();
    collect_markdown(&src, &mut on_disk)?;
    for path in on_disk {
        let rel = path.strip_prefix(&src).unwrap_or(&path).to_path_buf();
        if !pages.contains_key(&rel) && !listed.contains(&rel) && !included.contains(&rel) {
            report.problems.push(format!(
                "{}: not listed in SUMMARY.md, so mdBook never renders it",
                rel.display()
            ));
        }
    }

    // Every picture has a known origin: a demo run that `cargo xtask timelines`
    // repeats, or a diagram drawn by hand.
    let img = src.join("img");
    for rel in crate::timelines::unaccounted(&img)? {
        report.problems.push(format!(
            "book/src/img/{rel}: no demo run in xtask's timelines::SOURCES writes it and \
             timelines::DRAWN does not list it as drawn by hand"
        ));
    }
    if img.is_dir() {
        for rel in crate::timelines::missing(&img) {
            report.problems.push(format!(
                "book/src/img/{rel}: listed in xtask's timelines (SOURCES or DRAWN) but missing"
            ));
        }
    }

    let scratch = tempdir_for_rustc(root)?;
    for (rel, text) in &pages {
        report.pages += 1;
        let page = src.join(rel);
        let name = format!("book/src/{}", rel.display());
        for (number, line) in placeholders(text) {
            report.problems.push(format!(
                "{name}:{number}: `{line}` looks like a placeholder left unfilled"
            ));
        }
        for link in include_links(text) {
            report.includes += 1;
            if let Err(why) = resolve(&page, &link) {
                report.problems.push(format!(
                    "{name}: {{{{#{} {}}}}}: {why}",
                    link.kind, link.target
                ));
            }
        }
        for block in code_blocks(text) {
            if block.language() != "rust" {
                continue;
            }
            report.rust_blocks += 1;
            let verdict = if block.is_include_only() {
                included_rust_is_compiled(root, &page, &block.body)
            } else if let Some(code) = block.error_code() {
                report.compile_fail += 1;
                compile_fails_with(&scratch, &block.body, &code, report.compile_fail)
            } else {
                Err(format!(
                    "a Rust block that nothing tests (```{}): include a region of a compiled \
                     file, or mark it compile_fail with its error code, or make it ```text",
                    block.info
                ))
            };
            if let Err(why) = verdict {
                report
                    .problems
                    .push(format!("{name}:{}: {why}", block.line));
            }
        }
        for (target, line) in links(text) {
            if is_external(&target) {
                continue;
            }
            report.links += 1;
            if let Err(why) = resolve_link(&src, rel, &target, &report.ids) {
                report
                    .problems
                    .push(format!("{name}:{line}: link `{target}`: {why}"));
            }
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    Ok(report)
}

fn is_external(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:")
}

/// Options as mdBook 0.5 sets them for its renderer.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The ids mdBook gives a page's headings, in order: an explicit `{#id}`, or the
/// heading's text made lower case with spaces turned into `-` and everything but
/// letters, digits, `-` and `_` dropped; a repeated id gets `-1`, `-2`, …
fn heading_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut current: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.map(|id| id.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, content)) = current.as_mut() {
                    content.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((explicit, content)) = current.take() else {
                    continue;
                };
                let base = explicit.unwrap_or_else(|| normalize_id(&content));
                let count = seen.entry(base.clone()).or_insert(0);
                ids.push(if *count == 0 {
                    base.clone()
                } else {
                    format!("{base}-{count}")
                });
                *count += 1;
            }
            _ => {}
        }
    }
    ids
}

fn normalize_id(content: &str) -> String {
    content
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Every link and image target of a page (Markdown and raw HTML `href`/`src`), with
/// its line.
fn links(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let line = line_of(text, range.start);
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                found.push((dest_url.to_string(), line));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for attribute in ["href=\"", "src=\""] {
                    let mut rest: &str = &html;
                    while let Some(at) = rest.find(attribute) {
                        let after = &rest[at + attribute.len()..];
                        let Some(end) = after.find('"') else { break };
                        found.push((after[..end].to_string(), line));
                        rest = &after[end..];
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Checks one internal link of page `from` (relative to `src`).
fn resolve_link(
    src: &Path,
    from: &Path,
    target: &str,
    ids: &BTreeMap<PathBuf, Vec<String>>,
) -> Result<(), String> {
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let page = if path.is_empty() {
        from.to_path_buf()
    } else {
        let joined = from.parent().unwrap_or(Path::new("")).join(path);
        let Some(normal) = normalize(&joined) else {
            return Err("points outside the book (above book/src): the built book \
                        will not have it; link the file on the repository instead"
                .to_string());
        };
        // mdBook turns `page.md` into `page.html`; a link may use either.
        match normal.extension().and_then(|e| e.to_str()) {
            Some("html") => normal.with_extension("md"),
            _ => normal,
        }
    };
    if page.extension().is_some_and(|e| e == "md") {
        let Some(page_ids) = ids.get(&page) else {
            return Err(if src.join(&page).exists() {
                format!("{} is not listed in SUMMARY.md", page.display())
            } else {
                format!("no page {}", page.display())
            });
        };
        if let Some(anchor) = anchor
            && !page_ids.iter().any(|id| id == anchor)
        {
            let near: Vec<&String> = page_ids
                .iter()
                .filter(|id| {
                    let stem = anchor.split('-').next().unwrap_or(anchor);
                    id.contains(stem)
                })
                .take(3)
                .collect();
            return Err(format!(
                "{} has no heading with id `{anchor}`{}",
                page.display(),
                if near.is_empty() {
                    String::new()
                } else {
                    format!(" (near: {near:?})")
                }
            ));
        }
        return Ok(());
    }
    if src.join(&page).is_file() {
        Ok(())
    } else {
        Err(format!("no file {} under book/src", page.display()))
    }
}

/// `a/./b/../c` → `a/c`; `None` when the path climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(part) => out.push(part),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// A fenced code block: its info string (```rust,ignore), body and first line.
#[derive(Debug)]
struct CodeBlock {
    info: String,
    body: String,
    line: usize,
}

impl CodeBlock {
    fn language(&self) -> &str {
        self.info.split([',', ' ']).next().unwrap_or("").trim()
    }

    /// Nothing but `{{#include …}}` lines (blank lines aside).
    fn is_include_only(&self) -> bool {
        let mut lines = self.body.lines().map(str::trim).filter(|l| !l.is_empty());
        let mut any = false;
        let only = lines.all(|line| {
            any = true;
            line.starts_with("{{#include ") || line.starts_with("{{#rustdoc_include ")
        });
        any && only
    }

    /// `E0277` from ```rust,compile_fail,E0277; `None` unless the block is compile_fail
    /// with a code.
    fn error_code(&self) -> Option<String> {
        let tokens: Vec<&str> = self.info.split(',').map(str::trim).collect();
        if !tokens.contains(&"compile_fail") {
            return None;
        }
        tokens
            .iter()
            .find(|t| {
                t.len() == 5 && t.starts_with('E') && t[1..].chars().all(|c| c.is_ascii_digit())
            })
            .map(|t| t.to_string())
    }
}

fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                current = Some(CodeBlock {
                    info,
                    body: String::new(),
                    line: line_of(text, range.start),
                });
            }
            Event::Text(t) => {
                if let Some(block) = current.as_mut() {
                    block.body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// Each include of an include-only Rust block names a `.rs` file that is compiled.
fn included_rust_is_compiled(root: &Path, page: &Path, body: &str) -> Result<(), String> {
    for link in include_links(body) {
        let file = link.target.split(':').next().unwrap_or(&link.target);
        let path = page.parent().unwrap_or(Path::new(".")).join(file);
        let rel = normalize(path.strip_prefix(root).unwrap_or(&path)).unwrap_or_default();
        let compiled = rel.extension().is_some_and(|e| e == "rs")
            && rel
                .components()
                .next()
                .is_some_and(|c| COMPILED.iter().any(|dir| c.as_os_str() == *dir));
        if !compiled {
            return Err(format!(
                "a Rust block includes {file}, which no crate compiles (only .rs files \
                 under {} are built and tested)",
                COMPILED.join("/, ")
            ));
        }
    }
    Ok(())
}

fn tempdir_for_rustc(root: &Path) -> anyhow::Result<PathBuf> {
    let dir = root.join("target").join("book-check");
    fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Compiles a `compile_fail` block as rustdoc would (wrapped in `fn main` unless it has
/// one; `# ` hidden lines shown) and requires the error `code`.
fn compile_fails_with(dir: &Path, body: &str, code: &str, n: usize) -> Result<(), String> {
    let code_text: String = body
        .lines()
        .map(|line| {
            line.strip_prefix("# ")
                .or_else(|| (line == "#").then_some(""))
                .unwrap_or(line)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let program = if code_text.contains("fn main") {
        code_text
    } else {
        format!("fn main() {{\n{code_text}\n}}\n")
    };
    let file = dir.join(format!("block{n}.rs"));
    fs::write(&file, program).map_err(|err| format!("cannot write {}: {err}", file.display()))?;
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(&rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--emit",
            "metadata",
        ])
        .arg("--out-dir")
        .arg(dir)
        .arg(&file)
        .output()
        .map_err(|err| format!("cannot run {rustc}: {err}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        return Err(format!(
            "marked compile_fail,{code}, but it compiles: the book claims an error that \
             the compiler does not give"
        ));
    }
    if !stderr.contains(&format!("error[{code}]")) {
        let first = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("no error line");
        return Err(format!(
            "marked compile_fail,{code}, but the compiler says: {first}"
        ));
    }
    Ok(())
}

/// Lines (1-based, outside code blocks) that hold only an upper-case token like `TODO`
/// or `BENCH_TABLE`.
fn placeholders(text: &str) -> Vec<(usize, &str)> {
    let mut in_code = false;
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        let token = line.len() >= 3
            && line.starts_with(|c: char| c.is_ascii_uppercase())
            && line
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !in_code && token {
            found.push((index + 1, line));
        }
    }
    found
}

/// One `{{#include file:anchor}}` (or `rustdoc_include`) link.
#[derive(Debug, PartialEq, Eq)]
struct Link {
    kind: String,
    target: String,
}

fn include_links(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let after = &rest[start + 3..];
        let Some(end) = after.find("}}") else { break };
        let body = after[..end].trim();
        if let Some((kind, target)) = body.split_once(char::is_whitespace)
            && matches!(kind, "include" | "rustdoc_include")
        {
            links.push(Link {
                kind: kind.to_string(),
                target: target.trim().to_string(),
            });
        }
        rest = &after[end + 2..];
    }
    links
}

/// Checks that an include's file exists and its anchor or line range is in it.
fn resolve(page: &Path, link: &Link) -> Result<(), String> {
    let (file, selector) = match link.target.split_once(':') {
        Some((file, selector)) => (file, Some(selector)),
        None => (link.target.as_str(), None),
    };
    let path = page.parent().unwrap_or(Path::new(".")).join(file);
    let text = fs::read_to_string(&path).map_err(|err| format!("cannot read {file}: {err}"))?;
    let Some(selector) = selector else {
        return Ok(());
    };
    let lines = text.lines().count();
    let is_range = selector.chars().all(|c| c.is_ascii_digit() || c == ':');
    if is_range {
        let numbers: Vec<usize> = selector.split(':').filter_map(|n| n.parse().ok()).collect();
        return match numbers.iter().max() {
            Some(&max) if max > lines => Err(format!("line {max} is past the end ({lines} lines)")),
            _ => Ok(()),
        };
    }
    let has = |marker: &str| {
        text.lines().any(|line| {
            line.split_once(marker)
                .is_some_and(|(_, name)| name.trim() == selector)
        })
    };
    if has("ANCHOR:") && has("ANCHOR_END:") {
        Ok(())
    } else {
        Err(format!("anchor `{selector}` is not defined in {file}"))
    }
}

pub fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_markdown(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The ids of the headings (`<h1 id="…">` to `<h6>`) of a page mdBook wrote.
pub fn html_heading_ids(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        let after = &rest[at + 2..];
        rest = after;
        if !after.starts_with(|c: char| ('1'..='6').contains(&c)) {
            continue;
        }
        let tag_end = after.find('>').unwrap_or(after.len());
        let tag = &after[..tag_end];
        if let Some(start) = tag.find("id=\"") {
            let value = &tag[start + 4..];
            if let Some(end) = value.find('"') {
                ids.insert(value[..end].to_string());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_include_links_and_ignores_others() {
        let text = "a {{#include ../x.rs:one}} b {{#title T}} {{#rustdoc_include y.rs}}";
        let links = include_links(text);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, "../x.rs:one");
        assert_eq!(links[1].kind, "rustdoc_include");
    }

    #[test]
    fn placeholders_are_found_outside_code_only() {
        let page = "# Title\n\nBENCH_TABLE\n\n```text\nTODO\n```\nA sentence with TODO.\n";
        assert_eq!(placeholders(page), [(3, "BENCH_TABLE")]);
    }

    #[test]
    fn resolves_anchors_and_ranges() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        fs::write(
            dir.path().join("code.rs"),
            "// ANCHOR: here\nfn f() {}\n// ANCHOR_END: here\n",
        )
        .unwrap();
        let link = |target: &str| Link {
            kind: "include".into(),
            target: target.into(),
        };
        assert!(resolve(&page, &link("code.rs:here")).is_ok());
        assert!(resolve(&page, &link("code.rs:1:3")).is_ok());
        assert!(
            resolve(&page, &link("code.rs:there"))
                .unwrap_err()
                .contains("there")
        );
        assert!(resolve(&page, &link("code.rs:9")).is_err());
        assert!(resolve(&page, &link("missing.rs:here")).is_err());
    }

    #[test]
    fn heading_ids_follow_mdbook() {
        let page = "# 05. The event loop\n\n## Step 1: `block_on`, with a waker\n\n\
                    #### Common wrong answers\n\n#### Common wrong answers\n\n## Custom {#mine}\n";
        assert_eq!(
            heading_ids(page),
            [
                "05-the-event-loop",
                "step-1-block_on-with-a-waker",
                "common-wrong-answers",
                "common-wrong-answers-1",
                "mine",
            ]
        );
    }

    /// A small book: a summary, two pages, a picture.
    fn book(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let src = root.path().join("book/src");
        // Pictures outside `img/`, whose origins the timelines list governs.
        fs::create_dir_all(src.join("pics")).unwrap();
        fs::write(src.join("pics/a.svg"), "<svg/>").unwrap();
        fs::create_dir_all(root.path().join("crates/demo/src")).unwrap();
        fs::write(
            root.path().join("crates/demo/src/lib.rs"),
            "// ANCHOR: f\npub fn f() {}\n// ANCHOR_END: f\n",
        )
        .unwrap();
        fs::write(root.path().join("notes.rs"), "fn g() {}\n").unwrap();
        for (name, text) in pages {
            fs::write(src.join(name), text).unwrap();
        }
        root
    }

    const SUMMARY: (&str, &str) = (
        "SUMMARY.md",
        "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
    );

    fn problems(pages: &[(&str, &str)]) -> Vec<String> {
        let root = book(pages);
        check(root.path()).unwrap().problems
    }

    #[test]
    fn a_clean_book_passes() {
        let found = problems(&[
            SUMMARY,
            (
                "one.md",
                "# One\n\n## A part\n\nSee [two](two.md#later), [here](#a-part) and \
                 ![pic](pics/a.svg).\n\n```rust,ignore\n{{#include ../../crates/demo/src/lib.rs:f}}\n```\n",
            ),
            (
                "two.md",
                "# Two\n\n## Later\n\n```text\nfn not_checked() {}\n```\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_stray_rust_block_is_reported() {
        let found = problems(&[
            SUMMARY,
            ("one.md", "# One\n\n```rust\nfn untested() {}\n```\n"),
            ("two.md", "# Two\n"),
        ]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains("one.md:3: a Rust block that nothing tests"),
            "{found:#?}"
        );
    }

    #[test]
    fn an_include_of_a_file_no_crate_compiles_is_reported() {
        let found = problems(&[
            SUMMARY,
            (
                "one.md",
                "# One\n\n```rust,ignore\n{{#include ../../notes.rs}}\n```\n",
            ),
            ("two.md", "# Two\n"),
        ]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("which no crate compiles"), "{found:#?}");
    }

    #[test]
    fn broken_links_anchors_and_files_are_reported() {
        let found = problems(&[
            SUMMARY,
            (
                "one.md",
                "# One\n\n[a](two.md#nowhere) [b](three.md) [c](#nope) ![d](pics/b.svg) \
                 [e](../../README.md) [f](https://example.org/x#y)\n",
            ),
            ("two.md", "# Two\n"),
        ]);
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0].contains("two.md has no heading with id `nowhere`"));
        assert!(found[1].contains("no page three.md"));
        assert!(found[2].contains("one.md has no heading with id `nope`"));
        assert!(found[3].contains("no file pics/b.svg"));
        assert!(found[4].contains("points outside the book"));
    }

    #[test]
    fn a_page_left_out_of_the_summary_is_reported() {
        let found = problems(&[
            SUMMARY,
            ("one.md", "# One\n"),
            ("two.md", "# Two\n"),
            ("three.md", "# 3\n"),
        ]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("three.md: not listed in SUMMARY.md"));
    }

    #[test]
    fn compile_fail_blocks_are_compiled_and_their_code_checked() {
        let right = "# One\n\n```rust,compile_fail,E0308\nlet x: u8 = \"no\";\n```\n";
        assert!(problems(&[SUMMARY, ("one.md", right), ("two.md", "# Two\n")]).is_empty());

        let wrong_code = right.replace("E0308", "E0277");
        let found = problems(&[SUMMARY, ("one.md", &wrong_code), ("two.md", "# Two\n")]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains("the compiler says: error[E0308]"),
            "{found:#?}"
        );

        let compiles = "# One\n\n```rust,compile_fail,E0308\nlet x: u8 = 1;\nlet _ = x;\n```\n";
        let found = problems(&[SUMMARY, ("one.md", compiles), ("two.md", "# Two\n")]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("but it compiles"), "{found:#?}");

        let no_code = right.replace(",E0308", "");
        let found = problems(&[SUMMARY, ("one.md", &no_code), ("two.md", "# Two\n")]);
        assert!(found[0].contains("nothing tests"), "{found:#?}");
    }

    #[test]
    fn html_heading_ids_are_read_from_headings_only() {
        let html =
            r#"<div id="x"><h1 id="one">One</h1><h2 class="c" id="two-1">T</h2><hr id="no">"#;
        let ids: Vec<String> = html_heading_ids(html).into_iter().collect();
        assert_eq!(ids, ["one", "two-1"]);
    }
}
