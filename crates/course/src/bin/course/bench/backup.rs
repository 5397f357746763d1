//! The learner's step file, kept safe while `course bench` edits it.
//!
//! The bench writes its edits over the real file, so if the process dies before the
//! end (Ctrl-C, `kill -9`, a power cut), the file would be left edited and the
//! learner's work lost. So before the first edit the original bytes go to a backup,
//! `target/course-bench/<step-id>.orig`, written to a temporary file, flushed to disk
//! and renamed: the backup is either absent or complete, never half written. Before
//! each edit, a fingerprint of the bytes about to be written is added to
//! `<step-id>.written` beside it. At the end the bench writes the original back and
//! only then deletes both.
//!
//! Every start of `course` calls [`recover`]: a backup still there means a bench was
//! stopped. It is put back only if the step file holds one of the bench's own edits; if
//! the learner has changed the file since, their newer work stays, and so does the
//! backup, with a warning naming it. A running bench holds a lock on
//! `target/course-bench/.lock` (released by the system however the process ends), so a
//! second `course` command started meanwhile leaves its files alone.

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
/// The original of a step file.
const ORIGINAL: &str = ".orig";
/// The fingerprints of what the bench wrote over it, one a line.
const WRITTEN: &str = ".written";

/// A step file's original bytes, backed up on disk; written back on drop.
pub struct Backup {
    file: PathBuf,
    backup: PathBuf,
    record: PathBuf,
    original: Vec<u8>,
    written: Vec<u64>,
    /// Held until drop: tells other `course` processes that a bench is running.
    lock: Option<File>,
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
        let backup = dir.join(format!("{id}{ORIGINAL}"));
        if backup.exists() {
            bail!(
                "{} is kept from a `course bench` that was stopped; look at it and delete it \
                 before benching this step again",
                shown(course, &backup)
            );
        }
        let original = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let record = dir.join(format!("{id}{WRITTEN}"));
        // A record left from an older bench would vouch for bytes this one never wrote.
        let _ = fs::remove_file(&record);
        write_durably(&backup, &original)
            .with_context(|| format!("cannot back up the step file to {}", backup.display()))?;
        Ok(Self {
            file: file.to_path_buf(),
            backup,
            record,
            original,
            written: Vec::new(),
            lock: Some(lock),
        })
    }

    pub fn original(&self) -> &[u8] {
        &self.original
    }

    /// Replaces the step file's content (in place, as an editor's save would), after
    /// noting its fingerprint: noted first, so whenever the bench dies, the file holds
    /// bytes it noted (or the original).
    pub fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        let print = fingerprint(bytes);
        if !self.written.contains(&print) {
            self.written.push(print);
            let lines: String = self.written.iter().map(|p| format!("{p:016x}\n")).collect();
            write_durably(&self.record, lines.as_bytes())
                .with_context(|| format!("cannot write {}", self.record.display()))?;
        }
        fs::write(&self.file, bytes)
            .with_context(|| format!("cannot write {}", self.file.display()))
    }
}

impl Drop for Backup {
    fn drop(&mut self) {
        // The backup goes only once the original is safely back.
        match write_in_place(&self.file, &self.original) {
            Ok(()) => {
                let _ = fs::remove_file(&self.record);
                let _ = fs::remove_file(&self.backup);
                // Released only now: until the file is back, no other `course` may act
                // on the backup.
                drop(self.lock.take());
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

/// FNV-1a, 64 bits: enough to tell the bench's own edits from anything else, and, unlike
/// the standard library's hasher, the same in every build of the runner (the one that
/// recovers may be newer than the one that wrote).
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
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
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| name.ends_with(ORIGINAL) || name.ends_with(".tmp"))
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    let lock = match lock_file(&dir) {
        Ok(lock) => lock,
        Err(err) => return vec![format!("warning: {err:#}")],
    };
    match lock.try_lock() {
        Ok(()) => {}
        // A bench is running right now: its files are in use, and it restores them.
        Err(TryLockError::WouldBlock) => return Vec::new(),
        Err(TryLockError::Error(err)) => {
            return vec![format!(
                "warning: cannot lock {} ({err}), so the backups of a stopped `course bench` \
                 there were not put back",
                dir.join(LOCK).display()
            )];
        }
    }
    let mut ids = Vec::new();
    for name in names {
        if name.ends_with(".tmp") {
            // Cut short while being written (the lock says no bench is writing now):
            // the backup or record it would have become was never in use.
            let _ = fs::remove_file(dir.join(&name));
        } else if let Some(id) = name.strip_suffix(ORIGINAL) {
            ids.push(id.to_string());
        }
    }
    ids.sort();
    ids.into_iter()
        .filter_map(|id| restore(course, &dir, &id))
        .collect()
}

/// Puts one backup back over its step file, if the file holds what the bench wrote;
/// the line to show, if any.
fn restore(course: &Course, dir: &Path, id: &str) -> Option<String> {
    let backup = dir.join(format!("{id}{ORIGINAL}"));
    let record = dir.join(format!("{id}{WRITTEN}"));
    let Some((lesson, step)) = course.step(id) else {
        return Some(format!(
            "warning: {} backs up step `{id}`, which the course no longer has; look at it, \
             then delete it",
            shown(course, &backup)
        ));
    };
    let file = course.starter_file(lesson, step);
    let result = (|| -> io::Result<Option<bool>> {
        let original = fs::read(&backup)?;
        let current = fs::read(&file).ok();
        let restored = match current {
            Some(now) if now == original => false,
            Some(now) if bench_wrote(&record, &now)? => {
                write_in_place(&file, &original)?;
                true
            }
            // Changed since the bench stopped (or gone): the learner's newer work.
            _ => return Ok(None),
        };
        let _ = fs::remove_file(&record);
        fs::remove_file(&backup)?;
        Ok(Some(restored))
    })();
    match result {
        Ok(Some(false)) => None,
        Ok(Some(true)) => Some(format!(
            "restored {} from its backup: a `course bench` was stopped before it could put \
             the file back",
            shown(course, &file)
        )),
        Ok(None) => Some(format!(
            "warning: a `course bench` was stopped while editing {}, which has changed since, \
             so it was left as it is; the file as it was before the bench is in {} (delete \
             it once you no longer need it)",
            shown(course, &file),
            shown(course, &backup)
        )),
        Err(err) => Some(format!(
            "warning: could not put back {} from {} ({err}); copy it over by hand",
            shown(course, &file),
            shown(course, &backup)
        )),
    }
}

/// True when `bytes` are among the edits noted in `record`; a missing record means the
/// bench had not written yet.
fn bench_wrote(record: &Path, bytes: &[u8]) -> io::Result<bool> {
    let text = match fs::read_to_string(record) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(err),
    };
    let print = format!("{:016x}", fingerprint(bytes));
    Ok(text.lines().any(|line| line.trim() == print))
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
/// over `path`: after a crash, `path` holds either its old content or all of `bytes`.
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

    const LESSON: &str = include_str!("../../../../tests/fixtures/demo-lesson.toml");

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

    /// What `kill -9` does to a bench: its lock goes with the process, nothing else
    /// runs (no drop).
    fn kill(mut backup: Backup) {
        drop(backup.lock.take());
        std::mem::forget(backup);
    }

    #[test]
    fn the_backup_exists_while_editing_and_goes_with_the_edit() {
        let (_dir, course, file) = course();
        let mut backup = Backup::take(&course, "07-first", &file).unwrap();
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
        let left: Vec<_> = fs::read_dir(course.root.join(DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [LOCK], "only the lock stays");
    }

    #[test]
    fn a_stopped_bench_is_undone_on_the_next_start() {
        let (_dir, course, file) = course();
        let mut backup = Backup::take(&course, "07-first", &file).unwrap();
        backup.write(b"// edit 1\nmy work\n").unwrap();
        backup.write(b"// edit 2\nmy work\n").unwrap();
        kill(backup);
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
    fn work_saved_after_a_stopped_bench_is_never_overwritten() {
        let (_dir, course, file) = course();
        let mut backup = Backup::take(&course, "07-first", &file).unwrap();
        backup.write(b"// edit 1\nmy work\n").unwrap();
        kill(backup);
        // The learner carries on editing before any `course` command runs.
        fs::write(&file, "my newer work\n").unwrap();
        for _ in 0..2 {
            let lines = recover(&course);
            assert_eq!(lines.len(), 1, "{lines:?}");
            assert!(lines[0].starts_with("warning: "), "{lines:?}");
            assert!(
                lines[0].contains("target/course-bench/07-first.orig"),
                "names the backup: {lines:?}"
            );
            assert_eq!(fs::read(&file).unwrap(), b"my newer work\n");
            assert_eq!(fs::read(backup_path(&course)).unwrap(), b"my work\n");
        }
        // Nor is the kept backup overwritten by the next bench.
        let err = Backup::take(&course, "07-first", &file).err().unwrap();
        assert!(err.to_string().contains("07-first.orig"), "{err}");
        assert_eq!(fs::read(backup_path(&course)).unwrap(), b"my work\n");
    }

    #[test]
    fn a_bench_stopped_before_its_first_edit_leaves_the_file_alone() {
        let (_dir, course, file) = course();
        let backup = Backup::take(&course, "07-first", &file).unwrap();
        kill(backup);
        fs::write(&file, "my newer work\n").unwrap();
        let lines = recover(&course);
        assert!(lines[0].starts_with("warning: "), "{lines:?}");
        assert_eq!(fs::read(&file).unwrap(), b"my newer work\n");
    }

    #[test]
    fn an_unchanged_file_is_left_alone_and_the_backup_dropped_quietly() {
        let (_dir, course, _file) = course();
        let dir = course.root.join(DIR);
        fs::create_dir_all(&dir).unwrap();
        fs::write(backup_path(&course), "my work\n").unwrap();
        fs::write(dir.join("07-first.orig.tmp"), "my wo").unwrap();
        assert!(recover(&course).is_empty());
        assert!(!backup_path(&course).exists());
        assert!(!dir.join("07-first.orig.tmp").exists());
    }

    #[test]
    fn temporary_files_of_a_running_bench_are_left_alone() {
        let (_dir, course, file) = course();
        let backup = Backup::take(&course, "07-first", &file).unwrap();
        let tmp = course.root.join(DIR).join("07-first.written.tmp");
        fs::write(&tmp, "0123").unwrap();
        assert!(recover(&course).is_empty());
        assert!(
            tmp.exists(),
            "the bench holds the lock: it may be writing it"
        );
        drop(backup);
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

    #[test]
    fn fingerprints_are_fnv_1a() {
        // The published FNV-1a test values: a runner built later must agree.
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
