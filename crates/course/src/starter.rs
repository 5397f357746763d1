//! The pristine starter of a step, for `course reset`: read from git.
//!
//! The course is a git clone, so git already holds every starter as shipped. The first
//! place to look is the branch's upstream (`origin/main`, the course's own remote
//! branch): the learner's commits are never there, however many they make. Without an
//! upstream (a copy made with `git init`, a detached checkout) the runner falls back to
//! the commit noted in the progress file when the learner first ran it, then to `HEAD`.
//! An embedded copy in the runner was the other option; it was not taken because it
//! would capture whatever the exercise files held when the runner was compiled, which
//! may already be the learner's edits.
//!
//! `git cat-file --filters` gives the file as a checkout would write it (line endings
//! and other attributes applied), so an untouched file compares equal to its starter.

use std::fmt;
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

/// Where a starter was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The branch's upstream, by name (`origin/main`).
    Upstream(String),
    /// The commit noted when the learner started.
    Recorded(String),
    Head,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Upstream(name) => write!(f, "{name}, the course's remote branch"),
            Source::Recorded(commit) => {
                write!(f, "commit {}, where you started the course", short(commit))
            }
            Source::Head => write!(f, "HEAD, your current commit"),
        }
    }
}

/// The commit checked out at `root`, if `root` is in a git repository with commits.
pub fn head_commit(root: &Path) -> Option<String> {
    rev_parse(root, &["--verify", "--quiet", "HEAD^{commit}"])
}

/// The name of the branch's upstream (`origin/main`), if it has one.
fn upstream(root: &Path) -> Option<String> {
    rev_parse(root, &["--abbrev-ref", "@{upstream}"])
}

fn rev_parse(root: &Path, args: &[&str]) -> Option<String> {
    let out = git(root).arg("rev-parse").args(args).output().ok()?;
    let answer = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !answer.is_empty()).then_some(answer)
}

/// The starter's bytes, and where they came from: `relative` (a path from `root`) as
/// committed in the first of the upstream, `starter_commit` and `HEAD` that has it.
pub fn original(
    root: &Path,
    relative: &Path,
    starter_commit: Option<&str>,
) -> Result<(Vec<u8>, Source), StarterError> {
    let spec = git_path(relative);
    let shown = relative.display().to_string();
    let candidates = upstream(root)
        .map(|name| ("@{upstream}".to_string(), Source::Upstream(name)))
        .into_iter()
        .chain(starter_commit.map(|c| (c.to_string(), Source::Recorded(c.to_string()))))
        .chain([("HEAD".to_string(), Source::Head)]);
    let mut tried = Vec::new();
    for (rev, source) in candidates {
        let out = git(root)
            .args(["cat-file", "--filters", &format!("{rev}:{spec}")])
            .output()
            .map_err(|err| StarterError::NoGit(err.to_string(), shown.clone()))?;
        if out.status.success() {
            return Ok((out.stdout, source));
        }
        tried.push(match source {
            Source::Upstream(name) => name,
            Source::Recorded(commit) => short(&commit),
            Source::Head => rev,
        });
    }
    Err(StarterError::NotInGit(shown, tried.join(" or ")))
}

/// `relative` as git reads it from `root`: forward slashes, and `./` so git reads the
/// path from `root`, not from the top of the repository (the course may sit in a
/// sub-folder of a larger repository).
fn git_path(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("./{}", parts.join("/"))
}

/// The file `relative` (a path from `root`) as committed at `HEAD`, as a checkout would
/// write it; `None` when git does not have it there (not committed yet, or no git).
///
/// The maintainer's check proves the starters as committed, whatever a learner (or a
/// maintainer in the middle of an edit) has changed in the working tree.
pub fn at_head(root: &Path, relative: &Path) -> Option<Vec<u8>> {
    let out = git(root)
        .args([
            "cat-file",
            "--filters",
            &format!("HEAD:{}", git_path(relative)),
        ])
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// The files below the folder `relative` (a path from `root`) as committed at `HEAD`,
/// as paths from `root`; empty when git has none there.
pub fn files_at_head(root: &Path, relative: &Path) -> Vec<std::path::PathBuf> {
    let Ok(out) = git(root)
        .args(["ls-tree", "-r", "--name-only", "--full-name", "HEAD", "--"])
        .arg(git_path(relative))
        .output()
    else {
        return Vec::new();
    };
    if !out.status.success() {
        return Vec::new();
    }
    // `--full-name` gives paths from the repository's top; make them relative to
    // `root` again (the course may sit in a sub-folder of a larger repository).
    let prefix = rev_parse(root, &["--show-prefix"]).unwrap_or_default();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix(prefix.as_str()))
        .map(std::path::PathBuf::from)
        .collect()
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
            .stderr(Stdio::null())
            .status()
            .expect("these tests need git on the PATH");
        assert!(status.success(), "git {args:?}");
    }

    const FILE: &str = "exercises/07/src/a.rs";

    /// A repository holding the course as shipped: `todo!()` in the step file.
    fn shipped() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("exercises/07/src")).unwrap();
        fs::write(root.join(FILE), "todo!()\n").unwrap();
        git_in(root, &["init", "--quiet"]);
        git_in(root, &["add", "."]);
        git_in(root, &["commit", "--quiet", "-m", "course"]);
        dir
    }

    #[test]
    fn the_starter_comes_from_the_recorded_commit_not_the_learners_later_ones() {
        let dir = shipped();
        let root = dir.path();
        let file = Path::new(FILE);
        let start = head_commit(root).unwrap();

        // The learner solves it and commits the solution.
        fs::write(root.join(file), "42\n").unwrap();
        git_in(root, &["commit", "--quiet", "-am", "my work"]);
        assert_ne!(head_commit(root).unwrap(), start);

        let (bytes, source) = original(root, file, Some(&start)).unwrap();
        assert_eq!(bytes, b"todo!()\n");
        assert_eq!(source, Source::Recorded(start.clone()));
        assert!(source.to_string().contains(&start[..12]), "{source}");
        // Without a recorded commit (or one git does not know), HEAD is the fallback.
        assert_eq!(
            original(root, file, None).unwrap(),
            (b"42\n".to_vec(), Source::Head)
        );
        assert_eq!(original(root, file, Some("0000000")).unwrap().0, b"42\n");
    }

    #[test]
    fn the_course_s_remote_branch_comes_first() {
        let course = shipped();
        let clone = tempfile::tempdir().unwrap();
        let root = clone.path().join("course");
        git_in(
            clone.path(),
            &[
                "clone",
                "--quiet",
                &course.path().display().to_string(),
                "course",
            ],
        );
        // The learner commits their work before the runner first notes a commit: the
        // noted one already holds their solution.
        fs::write(root.join(FILE), "42\n").unwrap();
        git_in(&root, &["commit", "--quiet", "-am", "my work"]);
        let noted = head_commit(&root).unwrap();

        let (bytes, source) = original(&root, Path::new(FILE), Some(&noted)).unwrap();
        assert_eq!(bytes, b"todo!()\n");
        assert!(
            matches!(&source, Source::Upstream(name) if name.starts_with("origin/")),
            "{source:?}"
        );
        assert!(source.to_string().contains("remote branch"), "{source}");
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
