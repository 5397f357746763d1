//! The pristine starter of a step, for `course reset`: read from git.
//!
//! The course is a git clone, so git already holds every starter as shipped. The runner
//! notes the commit the learner started from (in the progress file) and restores from
//! it, falling back to `HEAD`: a learner who commits their own work still gets the real
//! starter back, not their last commit. An embedded copy in the runner was the other
//! option; it was not taken because it would capture whatever the exercise files held
//! when the runner was compiled, which may already be the learner's edits.
//!
//! `git cat-file --filters` gives the file as a checkout would write it (line endings
//! and other attributes applied), so an untouched file compares equal to its starter.

use std::path::Path;
use std::process::{Command, Stdio};

/// Why a starter could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StarterError {
    #[error("git is not available ({0}); the starter of {1} can only be restored from git")]
    NoGit(String, String),
    #[error("{0} is not in git at {1}; restore it from the course repository by hand")]
    NotInGit(String, String),
}

/// The commit checked out at `root`, if `root` is in a git repository with commits.
pub fn head_commit(root: &Path) -> Option<String> {
    let out = git(root)
        .args(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .output()
        .ok()?;
    let sha = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !sha.is_empty()).then_some(sha)
}

/// The starter's bytes: `relative` (a path from `root`) as committed in the first of
/// `starter_commit` and `HEAD` that has it.
pub fn original(
    root: &Path,
    relative: &Path,
    starter_commit: Option<&str>,
) -> Result<Vec<u8>, StarterError> {
    // Forward slashes, and `./` so git reads the path from `root`, not from the top of
    // the repository (the course may sit in a sub-folder of a larger repository).
    let spec: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let spec = format!("./{}", spec.join("/"));
    let shown = relative.display().to_string();
    let mut tried = Vec::new();
    for commit in starter_commit.into_iter().chain(["HEAD"]) {
        let out = git(root)
            .args(["cat-file", "--filters", &format!("{commit}:{spec}")])
            .output()
            .map_err(|err| StarterError::NoGit(err.to_string(), shown.clone()))?;
        if out.status.success() {
            return Ok(out.stdout);
        }
        tried.push(short(commit));
    }
    Err(StarterError::NotInGit(shown, tried.join(" or ")))
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn short(commit: &str) -> String {
    commit.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn git_in(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=course test",
                "-c",
                "user.email=test@localhost",
            ])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .status()
            .expect("these tests need git on the PATH");
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn the_starter_comes_from_the_recorded_commit_not_the_learners_later_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let file = Path::new("exercises/07/src/a.rs");
        fs::create_dir_all(root.join("exercises/07/src")).unwrap();
        fs::write(root.join(file), "todo!()\n").unwrap();
        git_in(root, &["init", "--quiet"]);
        git_in(root, &["add", "."]);
        git_in(root, &["commit", "--quiet", "-m", "course"]);
        let shipped = head_commit(root).unwrap();

        // The learner solves it and commits the solution.
        fs::write(root.join(file), "42\n").unwrap();
        git_in(root, &["commit", "--quiet", "-am", "my work"]);
        assert_ne!(head_commit(root).unwrap(), shipped);

        assert_eq!(original(root, file, Some(&shipped)).unwrap(), b"todo!()\n");
        // Without a recorded commit (or one git does not know), HEAD is the fallback.
        assert_eq!(original(root, file, None).unwrap(), b"42\n");
        assert_eq!(original(root, file, Some("0000000")).unwrap(), b"42\n");
    }

    #[test]
    fn a_file_git_does_not_know_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        git_in(dir.path(), &["init", "--quiet"]);
        assert_eq!(head_commit(dir.path()), None);
        let err = original(dir.path(), Path::new("src/nope.rs"), None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("src/nope.rs is not in git at HEAD"),
            "{err}"
        );
    }
}
