//! The `Send`/`Sync` refusals in the crate docs (`src/lib.rs`) fail with the error codes
//! they show.
//!
//! rustdoc already checks that each `compile_fail` block fails to compile, but on a
//! stable toolchain it ignores the error code written after it (checking it is a
//! nightly-only rustdoc feature). This test compiles each block with `rustc` and checks
//! the code, so a block that fails for another reason (a typo) is caught.

use std::path::PathBuf;
use std::process::Command;

/// The `compile_fail,EXXXX` blocks of the crate docs: (expected code, source).
fn refusals() -> Vec<(String, String)> {
    let docs = include_str!("../src/lib.rs");
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in docs.lines() {
        let Some(text) = line.strip_prefix("//!") else {
            continue;
        };
        let text = text.strip_prefix(' ').unwrap_or(text);
        match (&mut current, text.strip_prefix("```compile_fail,")) {
            (None, Some(code)) => current = Some((code.trim().to_string(), String::new())),
            (Some(_), _) if text.starts_with("```") => blocks.extend(current.take()),
            (Some((_, source)), _) => {
                source.push_str(text);
                source.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn every_refusal_fails_with_its_error_code() {
    let blocks = refusals();
    assert_eq!(blocks.len(), 4, "the crate docs show four refusals");
    let dir = std::env::temp_dir().join(format!("lesson-02-send-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let rustc = std::env::var_os("RUSTC").map_or_else(|| PathBuf::from("rustc"), PathBuf::from);
    for (i, (code, source)) in blocks.iter().enumerate() {
        let file = dir.join(format!("refusal_{i}.rs"));
        // As rustdoc does: the statements become the body of `main`.
        std::fs::write(&file, format!("fn main() {{\n{source}}}\n")).expect("write");
        let out = Command::new(&rustc)
            .args(["--edition", "2024", "--emit", "metadata", "--out-dir"])
            .arg(&dir)
            .arg(&file)
            .output()
            .expect("rustc runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "block {i} compiled:\n{source}");
        assert!(
            stderr.contains(&format!("error[{code}]")),
            "block {i} should fail with {code}:\n{source}\n{stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
