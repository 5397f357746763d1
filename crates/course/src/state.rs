//! The learner's progress: a small JSON file at the workspace root, `.course-state.json`
//! (git-ignored: it belongs to one learner, not to the course).
//!
//! ```json
//! {
//!   "version": 1,
//!   "starter_commit": "4404f5d…",
//!   "steps": { "01-countasync": { "status": "passed", "checked_at": 1732240000 } }
//! }
//! ```
//!
//! Entries are keyed by the stable step ids of `course.toml`. The file is read leniently:
//! a step without an entry is simply not started, an entry whose step no longer exists
//! is kept but ignored, and a file that is not valid JSON (or not UTF-8) is reported and
//! replaced by a fresh one. Progress is a convenience, never a reason to stop the learner.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::meta::{Course, Lesson, Step};

/// The progress file's name, at the workspace root.
pub const STATE_FILE: &str = ".course-state.json";

/// The format version written today. A future format would bump it and migrate.
const VERSION: u32 = 1;

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
    /// When it was checked, in seconds since the Unix epoch.
    #[serde(default)]
    pub checked_at: u64,
}

/// The whole progress file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub version: u32,
    /// The git commit the learner started from: `course reset` restores starters from it,
    /// so work the learner commits later is never mistaken for a starter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starter_commit: Option<String>,
    #[serde(default)]
    pub steps: BTreeMap<String, StepRecord>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            version: VERSION,
            starter_commit: None,
            steps: BTreeMap::new(),
        }
    }
}

/// What [`State::load`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// There was a progress file and it was read.
    Read,
    /// There was none yet: a new learner.
    New,
    /// There was one, but it could not be used; the reason, for one line of warning.
    Unreadable(String),
}

impl State {
    /// The progress file of the workspace at `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(STATE_FILE)
    }

    /// Reads the progress file; never fails. A missing file is a fresh start, and so is
    /// an unreadable one (the second element says why, so the caller can report it).
    pub fn load(root: &Path) -> (Self, Loaded) {
        let path = Self::path(root);
        match fs::read(&path) {
            Ok(bytes) => match Self::parse(&bytes) {
                Ok(state) => (state, Loaded::Read),
                Err(why) => (Self::default(), Loaded::Unreadable(why)),
            },
            Err(err) if err.kind() == io::ErrorKind::NotFound => (Self::default(), Loaded::New),
            Err(err) => (Self::default(), Loaded::Unreadable(err.to_string())),
        }
    }

    /// Parses the file's bytes: JSON in UTF-8 (serde_json checks both).
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes).map_err(|err| err.to_string())
    }

    /// Writes the progress file whole: to a temporary file, then renamed over the old
    /// one, so a crash mid-write never leaves half a file behind.
    pub fn save(&self, root: &Path) -> anyhow::Result<()> {
        let path = Self::path(root);
        let tmp = root.join(format!("{STATE_FILE}.tmp"));
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        let written = fs::write(&tmp, json).and_then(|()| fs::rename(&tmp, &path));
        written.map_err(|err| {
            let _ = fs::remove_file(&tmp);
            anyhow::anyhow!("cannot write the progress file {}: {err}", path.display())
        })
    }

    /// Loads, applies `change`, saves. Re-reading first means a second runner (say,
    /// `course verify` in another terminal) does not have its news overwritten.
    pub fn update(root: &Path, change: impl FnOnce(&mut State)) -> anyhow::Result<State> {
        let (mut state, _) = Self::load(root);
        change(&mut state);
        state.version = VERSION;
        state.save(root)?;
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

    /// Records the outcome of a check of step `id`, now.
    pub fn record(&mut self, id: &str, passed: bool) {
        let status = if passed {
            Status::Passed
        } else {
            Status::Failed
        };
        let checked_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        self.steps
            .insert(id.to_string(), StepRecord { status, checked_at });
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

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = r#"
lesson = "07"
title = "Demo"
package = "exercises-07"
solution = "solutions-07"
[[steps]]
id = "07-a"
title = "A"
file = "src/a.rs"
test = "a"
chapter = "07.md"
hint = "h"
[[steps]]
id = "07-b"
title = "B"
file = "src/b.rs"
test = "b"
chapter = "07.md"
hint = "h"
[[steps]]
id = "07-c"
title = "C"
file = "src/c.rs"
test = "c"
chapter = "07.md"
hint = "h"
"#;

    fn course() -> (tempfile::TempDir, Course) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").unwrap();
        let lesson = dir.path().join("exercises/07-demo");
        fs::create_dir_all(&lesson).unwrap();
        fs::write(lesson.join("course.toml"), LESSON).unwrap();
        let course = Course::load(dir.path()).unwrap();
        (dir, course)
    }

    #[test]
    fn a_missing_file_is_a_new_learner() {
        let (dir, course) = course();
        let (state, loaded) = State::load(dir.path());
        assert_eq!(loaded, Loaded::New);
        assert_eq!(state.first_unsolved(&course).unwrap().1.id, "07-a");
    }

    #[test]
    fn progress_survives_a_save_and_a_load() {
        let (dir, course) = course();
        let mut state = State::default();
        state.record("07-a", true);
        state.record("07-b", false);
        state.save(dir.path()).unwrap();

        let (loaded, how) = State::load(dir.path());
        assert_eq!(how, Loaded::Read);
        assert_eq!(loaded, state);
        assert_eq!(loaded.status("07-b"), Status::Failed);
        assert_eq!(loaded.status("07-c"), Status::NotStarted);
        assert_eq!(loaded.passed_count(&course), 1);
        assert_eq!(loaded.first_unsolved(&course).unwrap().1.id, "07-b");
        assert!(!dir.path().join(".course-state.json.tmp").exists());
    }

    #[test]
    fn unknown_ids_and_missing_fields_are_tolerated() {
        let (dir, course) = course();
        // A renamed step left an entry behind; another has no timestamp; the version is
        // missing; a status from some future runner is unknown.
        let json = r#"{"steps": {
            "07-old-name": {"status": "passed"},
            "07-a": {"status": "passed"},
            "07-b": {"status": "half-done", "checked_at": 5}
        }}"#;
        fs::write(State::path(dir.path()), json).unwrap();
        let (state, how) = State::load(dir.path());
        assert_eq!(how, Loaded::Read);
        assert_eq!(state.passed_count(&course), 1);
        assert_eq!(state.status("07-b"), Status::NotStarted);
        assert_eq!(state.first_unsolved(&course).unwrap().1.id, "07-b");

        // Updating keeps the stray entry (it may come back) and stamps the version.
        let state = State::update(dir.path(), |s| s.record("07-b", true)).unwrap();
        assert!(state.steps.contains_key("07-old-name"));
        assert_eq!(State::load(dir.path()).0.version, VERSION);
    }

    #[test]
    fn a_corrupt_file_is_reported_and_replaced() {
        let (dir, _course) = course();
        for bad in [
            &b"{\"steps\": {"[..],
            b"[1, 2, 3]",
            b"\xff\xfe not utf-8",
            b"",
        ] {
            fs::write(State::path(dir.path()), bad).unwrap();
            let (state, how) = State::load(dir.path());
            assert!(
                matches!(how, Loaded::Unreadable(ref why) if !why.is_empty()),
                "{how:?}"
            );
            assert_eq!(state, State::default());
        }
        // The next update rebuilds a good file over the corrupt one.
        State::update(dir.path(), |s| s.record("07-a", true)).unwrap();
        let (state, how) = State::load(dir.path());
        assert_eq!(how, Loaded::Read);
        assert!(state.passed("07-a"));
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_unreadable_not_a_panic() {
        let (dir, _course) = course();
        fs::create_dir(State::path(dir.path())).unwrap();
        let (_, how) = State::load(dir.path());
        assert!(matches!(how, Loaded::Unreadable(_)), "{how:?}");
        assert!(State::default().save(dir.path()).is_err());
    }

    #[test]
    fn next_unsolved_wraps_round_and_skips_passed_steps() {
        let (_dir, course) = course();
        let mut state = State::default();
        assert_eq!(state.next_unsolved(&course, 0), Some(1));
        state.record("07-b", true);
        assert_eq!(state.next_unsolved(&course, 0), Some(2));
        assert_eq!(state.next_unsolved(&course, 2), Some(0));
        state.record("07-a", true);
        state.record("07-c", true);
        assert_eq!(state.next_unsolved(&course, 1), None);
        // Reset forgets: the step is open again.
        state.forget("07-c");
        assert_eq!(state.next_unsolved(&course, 0), Some(2));
    }
}
