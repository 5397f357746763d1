//! Helpers for this crate's unit tests.

use std::fs;

use crate::meta::Course;

/// A made-up lesson of three steps (`07-first`, `07-second`, `07-third`), shared with
/// the binary's tests and the command-line tests.
pub const DEMO_LESSON: &str = include_str!("../tests/fixtures/demo-lesson.toml");

/// A workspace at a temporary folder holding `lessons` (folder name, `course.toml`).
pub fn workspace(lessons: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").unwrap();
    for (folder, toml) in lessons {
        let lesson = dir.path().join("exercises").join(folder);
        fs::create_dir_all(&lesson).unwrap();
        fs::write(lesson.join("course.toml"), toml).unwrap();
    }
    dir
}

/// The demo lesson in a workspace of its own, loaded.
pub fn demo_course() -> (tempfile::TempDir, Course) {
    let dir = workspace(&[("07-demo", DEMO_LESSON)]);
    let course = Course::load(dir.path()).unwrap();
    (dir, course)
}

/// An executable shell script in `dir` holding `text`, under a name of its own.
#[cfg(unix)]
pub fn script(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let path = dir.join(format!(
        "script-{}.sh",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}
