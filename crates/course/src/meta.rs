//! Exercise metadata: one `course.toml` per lesson in `exercises/<folder>/`.
//!
//! The starter lives in `exercises/<folder>`, the solution in `solutions/<folder>`, and
//! the chapter pages in `book/src`. Step ids are stable keys: the runner stores progress
//! under them.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole course: every lesson that has exercises, in lesson order.
#[derive(Debug, Clone)]
pub struct Course {
    /// The workspace root (the folder holding `exercises/`, `solutions/` and `book/`).
    pub root: PathBuf,
    pub lessons: Vec<Lesson>,
    /// Where cargo builds the course's steps: `None` leaves it to cargo (the workspace's
    /// `target/`, or `CARGO_TARGET_DIR`). A scratch copy sets one of its own (see
    /// [`crate::scratch`]).
    pub target_dir: Option<PathBuf>,
}

/// One lesson's exercises, as described by its `course.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The lesson number as written in package names: "01".
    pub lesson: String,
    pub title: String,
    /// The starter package, e.g. `exercises-01`.
    pub package: String,
    /// The solution package, e.g. `solutions-01`.
    pub solution: String,
    pub steps: Vec<Step>,
    /// The folder name shared by `exercises/` and `solutions/`, e.g. `01-sync-async`.
    #[serde(skip)]
    pub folder: String,
}

/// One graded step: a starter file to edit and the test target that proves it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id, unique in the course: progress is keyed by it.
    pub id: String,
    pub title: String,
    /// The file the learner edits, relative to the exercise folder.
    pub file: PathBuf,
    /// The cargo test target (`tests/<test>.rs`) that proves the step.
    pub test: String,
    pub hint: String,
    /// The page to read, relative to `book/src`, with an optional `#anchor`.
    pub chapter: String,
}

/// Why the course could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum MetaError {
    #[error("no course workspace found at or above {0} (looked for Cargo.toml beside exercises/)")]
    NoWorkspace(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid exercise metadata: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("step id `{0}` is used twice; ids must be unique in the course")]
    DuplicateId(String),
    #[error("{0} lists no steps; a lesson needs at least one [[steps]] entry")]
    NoSteps(PathBuf),
    #[error(
        "{path}: step `{id}` has file = {file:?}, which must be a relative path inside the \
         exercise folder (no leading `/`, no `..`)"
    )]
    FileOutsideLesson {
        path: PathBuf,
        id: String,
        file: PathBuf,
    },
    #[error("{0} has a Cargo.toml but no course.toml; every exercise crate needs its metadata")]
    MissingMeta(PathBuf),
}

impl Course {
    /// Finds the course workspace at or above `start` and loads it.
    pub fn discover(start: &Path) -> Result<Self, MetaError> {
        let root = find_root(start).ok_or_else(|| MetaError::NoWorkspace(start.to_path_buf()))?;
        Self::load(&root)
    }

    /// Loads every `exercises/*/course.toml` under `root`, sorted by folder name.
    ///
    /// A folder with a `Cargo.toml` but no `course.toml` is an error, not skipped: an
    /// exercise crate the runner cannot see would silently drop out of the course.
    pub fn load(root: &Path) -> Result<Self, MetaError> {
        let exercises = root.join("exercises");
        let read_error = |source| MetaError::Read {
            path: exercises.clone(),
            source,
        };
        let mut folders = Vec::new();
        for entry in fs::read_dir(&exercises).map_err(read_error)? {
            let path = entry.map_err(read_error)?.path();
            if path.join("course.toml").is_file() {
                folders.push(path);
            } else if path.join("Cargo.toml").is_file() {
                return Err(MetaError::MissingMeta(path));
            }
        }
        folders.sort();

        let mut lessons = Vec::with_capacity(folders.len());
        for folder in folders {
            lessons.push(Lesson::load(&folder)?);
        }
        let course = Self {
            root: root.to_path_buf(),
            lessons,
            target_dir: None,
        };
        course.check_unique_ids()?;
        Ok(course)
    }

    fn check_unique_ids(&self) -> Result<(), MetaError> {
        let mut seen = std::collections::HashSet::new();
        for (_, step) in self.steps() {
            if !seen.insert(step.id.as_str()) {
                return Err(MetaError::DuplicateId(step.id.clone()));
            }
        }
        Ok(())
    }

    /// Every step of the course in order, with its lesson.
    pub fn steps(&self) -> impl Iterator<Item = (&Lesson, &Step)> {
        self.lessons
            .iter()
            .flat_map(|lesson| lesson.steps.iter().map(move |step| (lesson, step)))
    }

    /// Finds a step by id.
    pub fn step(&self, id: &str) -> Option<(&Lesson, &Step)> {
        self.steps().find(|(_, step)| step.id == id)
    }

    /// The starter folder of a lesson: `exercises/<folder>`.
    pub fn exercise_dir(&self, lesson: &Lesson) -> PathBuf {
        self.root.join("exercises").join(&lesson.folder)
    }

    /// The solution folder of a lesson: `solutions/<folder>`.
    pub fn solution_dir(&self, lesson: &Lesson) -> PathBuf {
        self.root.join("solutions").join(&lesson.folder)
    }

    /// The starter file of a step, as an absolute path.
    pub fn starter_file(&self, lesson: &Lesson, step: &Step) -> PathBuf {
        self.exercise_dir(lesson).join(&step.file)
    }

    /// The solution file of a step, as an absolute path.
    pub fn solution_file(&self, lesson: &Lesson, step: &Step) -> PathBuf {
        self.solution_dir(lesson).join(&step.file)
    }

    /// The chapter page of a step (without its anchor), as an absolute path.
    pub fn chapter_file(&self, step: &Step) -> PathBuf {
        self.root.join("book").join("src").join(step.chapter_page())
    }
}

impl Lesson {
    fn load(folder: &Path) -> Result<Self, MetaError> {
        let path = folder.join("course.toml");
        let text = fs::read_to_string(&path).map_err(|source| MetaError::Read {
            path: path.clone(),
            source,
        })?;
        let mut lesson: Lesson = toml::from_str(&text).map_err(|err| MetaError::Parse {
            path: path.clone(),
            message: err.message().to_string(),
        })?;
        if lesson.steps.is_empty() {
            return Err(MetaError::NoSteps(path));
        }
        if let Some(step) = lesson.steps.iter().find(|s| !inside(&s.file)) {
            return Err(MetaError::FileOutsideLesson {
                id: step.id.clone(),
                file: step.file.clone(),
                path,
            });
        }
        lesson.folder = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(lesson)
    }
}

/// True for a relative path that stays below its base: no root, no drive, no `..`.
/// The runner writes to a step's file (`reset`), so it must not point elsewhere.
fn inside(file: &Path) -> bool {
    use std::path::Component;
    file.components().next().is_some()
        && file
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

impl Step {
    /// The chapter page without its `#anchor`: `01-sync-async.md`.
    pub fn chapter_page(&self) -> &str {
        self.chapter.split('#').next().unwrap_or_default()
    }

    /// The `#anchor` part of the chapter link, if any.
    pub fn chapter_anchor(&self) -> Option<&str> {
        self.chapter.split_once('#').map(|(_, anchor)| anchor)
    }
}

/// Walks up from `start` to the folder that holds both `Cargo.toml` and `exercises/`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("exercises").is_dir())
        .map(Path::to_path_buf)
}

/// The id mdBook gives a heading: lower case, each whitespace character to `-`, other
/// punctuation dropped. Used to check that a step's `#anchor` names a real heading.
pub fn heading_slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The anchors of every Markdown heading in `page`.
pub fn heading_slugs(page: &str) -> Vec<String> {
    let mut in_code = false;
    page.lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            !in_code && line.starts_with('#')
        })
        .map(|line| heading_slug(line.trim_start_matches('#')))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{DEMO_LESSON as LESSON, workspace as course_with};

    #[test]
    fn loads_lessons_and_derives_paths() {
        let dir = course_with(&[("07-demo", LESSON)]);
        let course = Course::discover(&dir.path().join("exercises/07-demo")).unwrap();
        let (lesson, step) = course.step("07-first").unwrap();
        assert_eq!(lesson.folder, "07-demo");
        assert_eq!(step.chapter_page(), "07-demo.md");
        assert_eq!(step.chapter_anchor(), Some("step-1-first"));
        assert_eq!(
            course.solution_file(lesson, step),
            dir.path().join("solutions/07-demo/src/s1_first.rs")
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let dir = course_with(&[("07-demo", LESSON), ("08-copy", LESSON)]);
        let err = Course::load(dir.path()).unwrap_err();
        assert!(matches!(err, MetaError::DuplicateId(id) if id == "07-first"));
    }

    #[test]
    fn unknown_keys_are_a_parse_error_naming_the_file() {
        let dir = course_with(&[("07-demo", &format!("{LESSON}\nsurprise = 1\n"))]);
        let err = Course::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("course.toml") && err.contains("surprise"),
            "{err}"
        );
    }

    #[test]
    fn no_workspace_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Course::discover(dir.path()),
            Err(MetaError::NoWorkspace(_))
        ));
    }

    #[test]
    fn slugs_follow_mdbook() {
        assert_eq!(
            heading_slug(" Step 1: run the counts together"),
            "step-1-run-the-counts-together"
        );
        let page = "# Title\n```\n# not a heading\n```\n## Step 2: `join!`\n";
        assert_eq!(heading_slugs(page), ["title", "step-2-join"]);
    }

    #[test]
    fn every_whitespace_character_becomes_a_dash() {
        // A tab, a no-break space and two spaces in a row: one dash each, as mdBook.
        assert_eq!(heading_slug("a\tb\u{a0}c  d"), "a-b-c--d");
    }

    #[test]
    fn a_lesson_without_steps_is_refused() {
        let head = LESSON.split("[[steps]]").next().unwrap();
        let dir = course_with(&[("07-demo", &format!("{head}steps = []\n"))]);
        let err = Course::load(dir.path()).unwrap_err();
        assert!(matches!(&err, MetaError::NoSteps(path) if path.ends_with("07-demo/course.toml")));
        assert!(err.to_string().contains("no steps"), "{err}");
    }

    #[test]
    fn a_step_file_must_stay_inside_the_exercise_folder() {
        for bad in ["../../etc/passwd", "src/../../x.rs", "/tmp/x.rs", ""] {
            let toml = LESSON.replace("src/s1_first.rs", bad);
            let dir = course_with(&[("07-demo", &toml)]);
            let err = Course::load(dir.path()).unwrap_err();
            assert!(
                matches!(&err, MetaError::FileOutsideLesson { id, .. } if id == "07-first"),
                "{bad:?}: {err}"
            );
            assert!(err.to_string().contains("relative path"), "{err}");
        }
        let fine = LESSON.replace("src/s1_first.rs", "./src/s1_first.rs");
        assert!(Course::load(course_with(&[("07-demo", &fine)]).path()).is_ok());
    }

    #[test]
    fn an_exercise_crate_without_metadata_is_named() {
        let dir = course_with(&[("07-demo", LESSON)]);
        let bare = dir.path().join("exercises/08-bare");
        fs::create_dir_all(&bare).unwrap();
        fs::write(bare.join("Cargo.toml"), "[package]\n").unwrap();
        // A stray folder or file with neither is not an exercise: left alone.
        fs::create_dir_all(dir.path().join("exercises/notes")).unwrap();
        fs::write(dir.path().join("exercises/README.md"), "hi").unwrap();
        let err = Course::load(dir.path()).unwrap_err();
        assert!(
            matches!(&err, MetaError::MissingMeta(path) if path == &bare),
            "{err}"
        );
        let message = err.to_string();
        assert!(
            message.contains("08-bare") && message.contains("no course.toml"),
            "{message}"
        );
        fs::remove_file(bare.join("Cargo.toml")).unwrap();
        assert_eq!(Course::load(dir.path()).unwrap().lessons.len(), 1);
    }
}
