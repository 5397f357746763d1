//! The learner's progress: a small JSON file at the workspace root, `.course-state.json`
//! (git-ignored, like the lock file and the temporary files beside it: they belong to
//! one learner, not to the course).
//!
//! ```json
//! {
//!   "starter_commit": "4404f5d…",
//!   "steps": { "01-countasync": { "status": "passed" } }
//! }
//! ```
//!
//! Entries are keyed by the stable step ids of `course.toml`. The file is read leniently:
//! a step without an entry is simply not started, an entry whose step no longer exists
//! is kept but ignored, fields it does not know are skipped, and a file that is not valid
//! JSON (or not UTF-8) is reported, set aside as `.course-state.json.bad` and replaced by
//! a fresh one. Progress is a convenience, never a reason to stop the learner.
//!
//! Two runners may write at once (`course` in one terminal, `course verify` in another):
//! every change goes through [`State::update`], which holds a lock on
//! `.course-state.lock` while it reads, changes and writes the file, so neither loses
//! the other's news. Each write goes to a temporary file of its own, renamed over the
//! old file: a reader sees the old file or the new one, never half of one.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::meta::{Course, Lesson, Step};

/// The progress file's name, at the workspace root.
pub const STATE_FILE: &str = ".course-state.json";
/// The lock [`State::update`] holds, beside it.
const LOCK_FILE: &str = ".course-state.lock";
/// Where an unreadable progress file is kept, beside it.
pub const BAD_FILE: &str = ".course-state.json.bad";

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    /// Checked, and the tests did not pass (failed, did not compile or timed out).
    Failed,
    /// Never checked (or reset). Not stored: a missing entry means the same.
    #[serde(other)]
    NotStarted,
}

/// One step's last check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub status: Status,
}

/// The whole progress file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The git commit the learner started from: `course reset` falls back to it for
    /// starters when the branch tracks no remote branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starter_commit: Option<String>,
    #[serde(default)]
    pub steps: BTreeMap<String, StepRecord>,
}

impl State {
    /// The progress file of the workspace at `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(STATE_FILE)
    }

    /// Reads the progress file; never fails. A missing file is a fresh start, and so is
    /// an unreadable one; then the second element says why, for the caller to report.
    pub fn load(root: &Path) -> (Self, Option<String>) {
        match read(root) {
            Ok(state) => (state, None),
            Err(Unreadable::Garbled(why) | Unreadable::Io(why)) => (Self::default(), Some(why)),
        }
    }

    /// Writes the progress file whole: to a temporary file of its own, then renamed over
    /// the old one, so a crash mid-write never leaves half a file behind. Use
    /// [`State::update`] to change it: that also keeps other runners' news.
    fn save(&self, root: &Path) -> anyhow::Result<()> {
        let path = Self::path(root);
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        let written = (|| -> io::Result<()> {
            // `.course-state.*.tmp`: git-ignored, like the file.
            let mut tmp = tempfile::Builder::new()
                .prefix(".course-state.")
                .suffix(".tmp")
                .tempfile_in(root)?;
            tmp.write_all(json.as_bytes())?;
            tmp.persist(&path)?;
            Ok(())
        })();
        written.with_context(|| format!("cannot write the progress file {}", path.display()))
    }

    /// Loads, applies `change`, saves, all under the progress lock: two runners updating
    /// at once both keep their news. A file that cannot be parsed is kept as
    /// [`BAD_FILE`] and started afresh.
    pub fn update(root: &Path, change: impl FnOnce(&mut State)) -> anyhow::Result<State> {
        let lock_path = root.join(LOCK_FILE);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .and_then(|lock| lock.lock().map(|()| lock))
            .with_context(|| format!("cannot lock {}", lock_path.display()))?;
        let mut state = match read(root) {
            Ok(state) => state,
            Err(Unreadable::Garbled(_)) => {
                let (path, bad) = (Self::path(root), root.join(BAD_FILE));
                fs::rename(&path, &bad).with_context(|| {
                    format!("cannot set aside the unreadable {}", path.display())
                })?;
                State::default()
            }
            // A folder in its place, no permission: saving fails too, and says so.
            Err(Unreadable::Io(_)) => State::default(),
        };
        change(&mut state);
        state.save(root)?;
        drop(lock);
        Ok(state)
    }

    pub fn status(&self, id: &str) -> Status {
        self.steps
            .get(id)
            .map_or(Status::NotStarted, |record| record.status)
    }

    pub fn passed(&self, id: &str) -> bool {
        self.status(id) == Status::Passed
    }

    /// Records the outcome of a check of step `id`.
    pub fn record(&mut self, id: &str, passed: bool) {
        let status = if passed {
            Status::Passed
        } else {
            Status::Failed
        };
        self.steps.insert(id.to_string(), StepRecord { status });
    }

    /// Forgets step `id` (after a reset it is not started again).
    pub fn forget(&mut self, id: &str) {
        self.steps.remove(id);
    }

    /// How many of the course's steps have passed (entries for unknown ids don't count).
    pub fn passed_count(&self, course: &Course) -> usize {
        course
            .steps()
            .filter(|(_, step)| self.passed(&step.id))
            .count()
    }

    /// The first step of the course that has not passed, if any.
    pub fn first_unsolved<'c>(&self, course: &'c Course) -> Option<(&'c Lesson, &'c Step)> {
        course.steps().find(|(_, step)| !self.passed(&step.id))
    }

    /// The first unsolved step after the one at `index` (in course order), wrapping round
    /// to the start: where the runner goes once a step passes.
    pub fn next_unsolved(&self, course: &Course, index: usize) -> Option<usize> {
        let steps: Vec<&Step> = course.steps().map(|(_, step)| step).collect();
        let n = steps.len();
        (1..=n)
            .map(|offset| (index + offset) % n)
            .find(|&i| !self.passed(&steps[i].id))
    }
}

/// Why the progress file could not be used.
enum Unreadable {
    /// Its bytes are not a progress file (not JSON, not UTF-8, the wrong shape).
    Garbled(String),
    /// It could not be read at all (a folder in its place, no permission).
    Io(String),
}

/// The progress file; a missing one is a fresh start.
fn read(root: &Path) -> Result<State, Unreadable> {
    match fs::read(State::path(root)) {
        // serde_json checks both the UTF-8 and the JSON.
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Unreadable::Garbled(e.to_string())),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(State::default()),
        Err(err) => Err(Unreadable::Io(err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use std::thread;

    use super::*;
    use crate::test_support::demo_course;

    #[test]
    fn a_missing_file_is_a_new_learner() {
        let (dir, course) = demo_course();
        let (state, warning) = State::load(dir.path());
        assert_eq!(warning, None);
        assert_eq!(state.first_unsolved(&course).unwrap().1.id, "07-first");
    }

    #[test]
    fn progress_survives_an_update_and_a_load() {
        let (dir, course) = demo_course();
        let state = State::update(dir.path(), |s| {
            s.record("07-first", true);
            s.record("07-second", false);
        })
        .unwrap();

        let (loaded, warning) = State::load(dir.path());
        assert_eq!(warning, None);
        assert_eq!(loaded, state);
        assert_eq!(loaded.status("07-second"), Status::Failed);
        assert_eq!(loaded.status("07-third"), Status::NotStarted);
        assert_eq!(loaded.passed_count(&course), 1);
        assert_eq!(loaded.first_unsolved(&course).unwrap().1.id, "07-second");
        // Only the file and its lock are left: no temporary file.
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".course-state"))
            .collect();
        left.sort();
        assert_eq!(left, [".course-state.json", ".course-state.lock"]);
    }

    #[test]
    fn unknown_ids_and_fields_are_tolerated() {
        let (dir, course) = demo_course();
        // A renamed step left an entry behind; fields of older runners (a version, a
        // time stamp) are there; a status from some future runner is unknown.
        let json = r#"{"version": 1, "steps": {
            "07-old-name": {"status": "passed"},
            "07-first": {"status": "passed", "checked_at": 5},
            "07-second": {"status": "half-done"}
        }}"#;
        fs::write(State::path(dir.path()), json).unwrap();
        let (state, warning) = State::load(dir.path());
        assert_eq!(warning, None);
        assert_eq!(state.passed_count(&course), 1);
        assert_eq!(state.status("07-second"), Status::NotStarted);
        assert_eq!(state.first_unsolved(&course).unwrap().1.id, "07-second");

        // Updating keeps the stray entry (it may come back).
        let state = State::update(dir.path(), |s| s.record("07-second", true)).unwrap();
        assert!(state.steps.contains_key("07-old-name"));
    }

    #[test]
    fn a_corrupt_file_is_reported_then_set_aside_and_replaced() {
        let (dir, _course) = demo_course();
        let bad = dir.path().join(BAD_FILE);
        for garbage in [
            &b"{\"steps\": {"[..],
            b"[1, 2, 3]",
            b"\xff\xfe not utf-8",
            b"",
        ] {
            fs::write(State::path(dir.path()), garbage).unwrap();
            let (state, warning) = State::load(dir.path());
            assert!(warning.is_some_and(|why| !why.is_empty()));
            assert_eq!(state, State::default());
            // The next update keeps the corrupt file aside and writes a good one.
            State::update(dir.path(), |s| s.record("07-first", true)).unwrap();
            assert_eq!(fs::read(&bad).unwrap(), garbage);
            let (state, warning) = State::load(dir.path());
            assert_eq!(warning, None);
            assert!(state.passed("07-first"));
        }
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_unreadable_not_a_panic() {
        let (dir, _course) = demo_course();
        fs::create_dir(State::path(dir.path())).unwrap();
        assert!(State::load(dir.path()).1.is_some());
        assert!(State::update(dir.path(), |_| {}).is_err());
        assert!(State::path(dir.path()).is_dir(), "left as it was");
    }

    #[test]
    fn updates_at_the_same_time_keep_each_other_s_news() {
        let (dir, course) = demo_course();
        let ids: Vec<String> = course.steps().map(|(_, s)| s.id.clone()).collect();
        thread::scope(|scope| {
            for id in &ids {
                let root = dir.path();
                scope.spawn(move || {
                    for round in 0..20 {
                        State::update(root, |s| s.record(id, round % 2 == 1)).unwrap();
                    }
                });
            }
        });
        let (state, warning) = State::load(dir.path());
        assert_eq!(warning, None);
        assert_eq!(state.passed_count(&course), ids.len(), "{state:?}");
    }

    #[test]
    fn next_unsolved_wraps_round_and_skips_passed_steps() {
        let (_dir, course) = demo_course();
        let mut state = State::default();
        assert_eq!(state.next_unsolved(&course, 0), Some(1));
        state.record("07-second", true);
        assert_eq!(state.next_unsolved(&course, 0), Some(2));
        assert_eq!(state.next_unsolved(&course, 2), Some(0));
        state.record("07-first", true);
        state.record("07-third", true);
        assert_eq!(state.next_unsolved(&course, 1), None);
        // Reset forgets: the step is open again.
        state.forget("07-third");
        assert_eq!(state.next_unsolved(&course, 0), Some(2));
    }
}
