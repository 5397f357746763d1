//! `cargo xtask book`: the book's static check, then the build, then what only the
//! built book shows.
//!
//! The static check ([`crate::book_check`], also part of `cargo xtask test`) proves the
//! includes, the Rust blocks and the internal links. Then `mdbook build` runs, failing if
//! mdBook printed any error or warning (mdBook 0.5 logs a missing include but exits 0).
//! Last, the built book is compared with what the check assumed:
//!
//! - the heading ids the check computed for each page are the ids mdBook wrote into its
//!   HTML, so a link the check accepted is a link that works;
//! - the print page (`print.html`, every chapter on one page) holds every page of the
//!   summary.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::book_check;

/// Checks the book, builds it, checks the build. True when all is well.
pub fn run(root: &Path) -> anyhow::Result<bool> {
    let report = book_check::check(root)?;
    print_report(&report);

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

    let built = root.join("book").join("book");
    let mut problems = Vec::new();
    let mut print_titles = 0;
    let print = fs::read_to_string(built.join("print.html")).unwrap_or_default();
    if print.is_empty() {
        problems.push("print.html is missing or empty".to_string());
    }
    for (page, ids) in &report.ids {
        if page.as_os_str() == "SUMMARY.md" {
            continue;
        }
        let html_path = built.join(page.with_extension("html"));
        let html = fs::read_to_string(&html_path).unwrap_or_default();
        let written = book_check::html_heading_ids(&html);
        for id in ids {
            if !written.contains(id) {
                problems.push(format!(
                    "{}: the check computed the heading id `{id}`, mdBook wrote {:?}",
                    page.display(),
                    written.iter().take(6).collect::<Vec<_>>()
                ));
            }
        }
        // The print page keeps each chapter's headings; its first one (the title) must be there.
        match ids.first() {
            Some(title) if print.contains(&format!("id=\"{title}\"")) => print_titles += 1,
            Some(title) => problems.push(format!(
                "print.html lacks {} (no heading `{title}`)",
                page.display()
            )),
            None => problems.push(format!("{} has no heading", page.display())),
        }
    }
    println!(
        "==> built book: heading ids of {} pages match the check; print.html holds {print_titles} of them; {} problem(s)",
        report.ids.len() - 1,
        problems.len()
    );
    for problem in &problems {
        println!("    broken: {problem}");
    }
    Ok(report.problems.is_empty()
        && problems.is_empty()
        && complaints == 0
        && output.status.success())
}

/// Prints the static check's counts and problems.
pub fn print_report(report: &book_check::Report) {
    println!(
        "==> book: {} pages, {} includes, {} Rust blocks ({} compile_fail compiled), {} internal links checked; {} problem(s)",
        report.pages,
        report.includes,
        report.rust_blocks,
        report.compile_fail,
        report.links,
        report.problems.len()
    );
    for problem in &report.problems {
        println!("    broken: {problem}");
    }
}
