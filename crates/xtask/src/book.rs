//! `cargo xtask book`: build the book and fail on a broken include.
//!
//! mdBook 0.5 logs a missing `{{#include}}` file as an error but still exits 0, and an
//! include whose anchor does not exist silently renders nothing. Both would ship a
//! chapter with a hole in it, so this check resolves every include itself (the file
//! exists, the anchor is defined in it, the line range is inside it) and then runs
//! `mdbook build`, failing if mdBook printed any error or warning. It also fails on a
//! line that is nothing but an upper-case token (`BENCH_TABLE`): a placeholder left
//! where measured numbers were meant to go.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Checks every include under `book/src`, then builds the book. True when all is well.
pub fn run(root: &Path) -> anyhow::Result<bool> {
    let src = root.join("book").join("src");
    let mut pages = Vec::new();
    collect_markdown(&src, &mut pages)?;
    pages.sort();

    let mut problems = Vec::new();
    let mut includes = 0;
    for page in &pages {
        let text = fs::read_to_string(page)?;
        for (number, line) in placeholders(&text) {
            problems.push(format!(
                "{}:{number}: `{line}` looks like a placeholder left unfilled",
                page.strip_prefix(root).unwrap_or(page).display()
            ));
        }
        for link in include_links(&text) {
            includes += 1;
            if let Err(why) = resolve(page, &link) {
                problems.push(format!(
                    "{}: {{{{#{} {}}}}}: {why}",
                    page.strip_prefix(root).unwrap_or(page).display(),
                    link.kind,
                    link.target
                ));
            }
        }
    }
    println!(
        "==> {} pages, {includes} includes checked, {} broken",
        pages.len(),
        problems.len()
    );
    for problem in &problems {
        println!("    broken: {problem}");
    }

    println!("==> mdbook build book");
    let output = Command::new("mdbook")
        .arg("build")
        .arg(root.join("book"))
        .output()
        .map_err(|err| anyhow::anyhow!("cannot run mdbook ({err}): install it with `cargo install --locked mdbook --version 0.5.4`"))?;
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{log}");
    let complaints = log
        .lines()
        .filter(|line| line.contains("ERROR") || line.contains("WARN"))
        .count();
    if complaints > 0 {
        println!("    mdbook reported {complaints} error or warning line(s)");
    }
    Ok(problems.is_empty() && complaints == 0 && output.status.success())
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

/// Checks that a link's file exists and its anchor or line range is in it.
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

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
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
}
