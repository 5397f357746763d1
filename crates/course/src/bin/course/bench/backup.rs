//! The learner's step file, kept safe while `course bench` edits it.
//!
//! The bench writes its edits over the real file, so if the process dies before the
//! end (Ctrl-C, `kill -9`, a power cut), the file would be left edited and the
//! learner's work lost. So before the first edit the original bytes go to a backup,
//! `target/course-bench/<step-id>.orig`, written to a temporary file, flushed to disk
//! and renamed: the backup is either absent or complete, never half written. At the end
//! the bench writes the original back and only then deletes the backup.
//!
//! Every start of `course` calls [`recover`]: a backup still there means a bench was
//! stopped, and it is put back. A running bench holds a lock on
//! `target/course-bench/.lock` (released by the system however the process ends), so a
//! second `course` command started meanwhile leaves its backup alone.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use course::meta::Course;

use crate::shown;

/// Where backups live, under the workspace root. Always the workspace's own `target/`
/// (not `CARGO_TARGET_DIR`), so every later run looks in the same place.
pub const DIR: &str = "target/course-bench";
const LOCK: &str = ".lock";
const SUFFIX: &str = ".orig";

/// A step file's original bytes, backed up on disk; written back on drop.
pub struct Backup {
    file: PathBuf,
    backup: PathBuf,
    original: Vec<u8>,
    /// Held until drop: tells other `course` processes that a bench is running.
    _lock: File,
}

impl Backup {
    /// Takes the bench lock and backs up `file`, the file of step `id`.
    pub fn take(course: &Course, id: &str, file: &Path) -> anyhow::Result<Self> {
        let dir = course.root.join(DIR);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let lock = lock_file(&dir)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                bail!("another `course bench` is running in this workspace; wait for it to end")
            }
            Err(TryLockError::Error(err)) => {
                return Err(err).context(format!("cannot lock {}", dir.join(LOCK).display()));
            }
        }
        let original = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let backup = dir.join(format!("{id}{SUFFIX}"));
        write_durably(&backup, &original)
            .with_context(|| format!("cannot back up the step file to {}", backup.display()))?;
        Ok(Self {
            file: file.to_path_buf(),
            backup,
            original,
            _lock: lock,
        })
    }

    pub fn original(&self) -> &[u8] {
        &self.original
    }

    /// Replaces the step file's content (in place, as an editor's save would).
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        fs::write(&self.file, bytes)
            .with_context(|| format!("cannot write {}", self.file.display()))
    }
}

impl Drop for Backup {
    fn drop(&mut self) {
        // The backup goes only once the original is safely back.
        match write_in_place(&self.file, &self.original) {
            Ok(()) => {
                let _ = fs::remove_file(&self.backup);
            }
            Err(err) => eprintln!(
                "warning: could not put back {} ({err}); its original is in {}, and the next \
                 `cargo course` command tries again",
                self.file.display(),
                self.backup.display()
            ),
        }
    }
}

/// Puts back every step file a stopped bench left edited. Returns one line per file put
/// back, and per problem found, for the caller to show; says nothing when all is well.
///
/// Cheap when there is nothing to do (one failed directory read), so it runs on every
/// start of `course`.
pub fn recover(course: &Course) -> Vec<String> {
    let dir = course.root.join(DIR);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut backups = Vec::new();
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".tmp") {
            // A backup cut short while being written: the bench had not edited yet.
            let _ = fs::remove_file(&path);
        } else if let Some(id) = name.strip_suffix(SUFFIX) {
            backups.push((id.to_string(), path));
        }
    }
    if backups.is_empty() {
        return Vec::new();
    }
    let lock = match lock_file(&dir) {
        Ok(lock) => lock,
        Err(err) => return vec![format!("warning: {err:#}")],
    };
    match lock.try_lock() {
        Ok(()) => {}
        // A bench is running right now: its backups are in use, and it restores them.
        Err(TryLockError::WouldBlock) => return Vec::new(),
        Err(TryLockError::Error(err)) => {
            return vec![format!(
                "warning: cannot lock {} ({err}), so the backups of a stopped `course bench` \
                 there were not put back",
                dir.join(LOCK).display()
            )];
        }
    }
    backups.sort();
    backups
        .into_iter()
        .filter_map(|(id, backup)| restore(course, &id, &backup))
        .collect()
}

/// Puts one backup back over its step file; the line to show, if any.
fn restore(course: &Course, id: &str, backup: &Path) -> Option<String> {
    let Some((lesson, step)) = course.step(id) else {
        return Some(format!(
            "warning: {} backs up step `{id}`, which the course no longer has; look at it, \
             then delete it",
            shown(course, backup)
        ));
    };
    let file = course.starter_file(lesson, step);
    let result = (|| -> io::Result<bool> {
        let original = fs::read(backup)?;
        let changed = fs::read(&file).ok().as_deref() != Some(original.as_slice());
        if changed {
            write_in_place(&file, &original)?;
        }
        fs::remove_file(backup)?;
        Ok(changed)
    })();
    match result {
        Ok(false) => None,
        Ok(true) => Some(format!(
            "restored {} from its backup: a `course bench` was stopped before it could put \
             the file back",
            shown(course, &file)
        )),
        Err(err) => Some(format!(
            "warning: could not put back {} from {} ({err}); copy it over by hand",
            shown(course, &file),
            shown(course, backup)
        )),
    }
}

fn lock_file(dir: &Path) -> anyhow::Result<File> {
    let path = dir.join(LOCK);
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk, then renames it
/// over `path`: after a crash, `path` holds either nothing or all of `bytes`.
fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, path)?;
    sync_dir(path);
    Ok(())
}

/// Writes the step file in place (keeping its permissions and inode, as an editor
/// does) and flushes it, so the backup may be deleted after.
fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes a rename to disk. Possible on Unix; elsewhere opening a folder fails, and
/// the rename is as durable as the system makes it.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = r#"
lesson = "07"
title = "Demo"
package = "exercises-07"
solution = "solutions-07"

[[steps]]
id = "07-first"
title = "First"
file = "src/s1_first.rs"
test = "s1_first"
chapter = "07-demo.md"
hint = "try"
"#;

    fn course() -> (tempfile::TempDir, Course, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
        fs::create_dir_all(root.join("exercises/07-demo/src")).unwrap();
        fs::write(root.join("exercises/07-demo/course.toml"), LESSON).unwrap();
        let file = root.join("exercises/07-demo/src/s1_first.rs");
        fs::write(&file, "my work\n").unwrap();
        let course = Course::load(root).unwrap();
        (dir, course, file)
    }

    fn backup_path(course: &Course) -> PathBuf {
        course.root.join(DIR).join("07-first.orig")
    }

    #[test]
    fn the_backup_exists_while_editing_and_goes_with_the_edit() {
        let (_dir, course, file) = course();
        let backup = Backup::take(&course, "07-first", &file).unwrap();
        assert_eq!(fs::read(backup_path(&course)).unwrap(), b"my work\n");
        backup.write(b"// edit\nmy work\n").unwrap();
        // Another `course` command meanwhile must not undo the running bench's edit.
        assert!(recover(&course).is_empty());
        assert_eq!(fs::read(&file).unwrap(), b"// edit\nmy work\n");
        assert!(
            Backup::take(&course, "07-first", &file).is_err(),
            "one bench at a time"
        );
        drop(backup);
        assert_eq!(fs::read(&file).unwrap(), b"my work\n");
        assert!(!backup_path(&course).exists());
    }

    #[test]
    fn a_stopped_bench_is_undone_on_the_next_start() {
        let (_dir, course, file) = course();
        // What a killed bench leaves: the backup, and the step file mid-edit. (Its lock
        // went with the process.)
        fs::create_dir_all(course.root.join(DIR)).unwrap();
        fs::write(backup_path(&course), "my work\n").unwrap();
        fs::write(&file, "the solution\n").unwrap();
        let lines = recover(&course);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("restored exercises/07-demo/src/s1_first.rs"),
            "{lines:?}"
        );
        assert_eq!(fs::read(&file).unwrap(), b"my work\n");
        assert!(!backup_path(&course).exists());
        assert!(recover(&course).is_empty(), "done once");
    }

    #[test]
    fn an_unchanged_file_is_left_alone_and_the_backup_dropped_quietly() {
        let (_dir, course, _file) = course();
        fs::create_dir_all(course.root.join(DIR)).unwrap();
        fs::write(backup_path(&course), "my work\n").unwrap();
        fs::write(course.root.join(DIR).join("07-first.orig.tmp"), "my wo").unwrap();
        assert!(recover(&course).is_empty());
        assert!(!backup_path(&course).exists());
        assert!(!course.root.join(DIR).join("07-first.orig.tmp").exists());
    }

    #[test]
    fn a_backup_of_an_unknown_step_is_reported_and_kept() {
        let (_dir, course, _file) = course();
        fs::create_dir_all(course.root.join(DIR)).unwrap();
        let stray = course.root.join(DIR).join("06-gone.orig");
        fs::write(&stray, "old work\n").unwrap();
        let lines = recover(&course);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("06-gone"), "{lines:?}");
        assert!(stray.exists());
    }
}
