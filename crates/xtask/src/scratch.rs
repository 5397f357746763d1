//! The scratch workspace the check builds the starters and the known wrong answers in.
//!
//! The check must prove the starters *as committed*: a learner who has solved (or broken)
//! some steps in the working tree, or a maintainer in the middle of an edit, must not
//! change its verdict. So the exercise crates are never built in place. Each lesson gets
//! a crate holding its starters as `HEAD` has them (the working tree's file only for a
//! file not committed yet, with a note), and each known wrong answer a crate of its own:
//! the same starters with that one step file swapped for the wrong answer, and only that
//! step's test target.
//!
//! All of them are members of one workspace under the target folder, built by one cargo
//! call, so the dependencies are shared and the small crates compile in parallel. The
//! test files are the exercise's own, by absolute path: tests are written once.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use course::meta::{Course, Lesson, Step};
use course::starter;

/// One crate of the scratch workspace.
#[derive(Debug, Clone)]
pub struct Member {
    /// The crate's folder and package name (`starters-00`, `wrong-00-s1-join-each`).
    pub package: String,
    pub kind: MemberKind,
}

#[derive(Debug, Clone)]
pub enum MemberKind {
    /// The lesson's starters as committed: every step's tests must fail.
    Starters,
    /// One known wrong answer of one step: that step's tests must reject it.
    Wrong(WrongAnswer),
}

/// A known wrong answer: a file in `solutions/NN-topic/wrong/<step file stem>/`.
#[derive(Debug, Clone)]
pub struct WrongAnswer {
    /// The step's id.
    pub step: String,
    /// The file, as a path from the workspace root.
    pub file: PathBuf,
    /// What the mistake is (its `//! Wrong:` line).
    pub mistake: String,
    /// What the tests must say about it (its `//! Expect:` line).
    pub expect: String,
}

/// The scratch workspace, written and ready to build.
#[derive(Debug)]
pub struct Scratch {
    pub root: PathBuf,
    pub members: Vec<Member>,
    /// Things a maintainer should know (a starter edited but not committed).
    pub notes: Vec<String>,
    /// The committed text of each step's starter file, by step id (or why it is missing).
    pub starters: std::collections::HashMap<String, Result<String, String>>,
    /// Wrong-answer files that could not be read as one (no header, no such step).
    pub broken: Vec<(String, String)>,
    /// Per lesson number, the committed source files that are given to the learner, not
    /// solved (neither a step file nor `lib.rs`), as (path from the crate, bytes).
    pub given: std::collections::HashMap<String, Vec<(PathBuf, Vec<u8>)>>,
}

/// The header lines of a wrong answer.
const MISTAKE: &str = "//! Wrong:";
const EXPECT: &str = "//! Expect:";

/// The folder of a lesson's known wrong answers.
pub fn wrong_dir(course: &Course, lesson: &Lesson) -> PathBuf {
    course.solution_dir(lesson).join("wrong")
}

/// The wrong answers' folder of one step: named after the step's file (`s1_scoped_threads`).
pub fn step_wrong_dir(course: &Course, lesson: &Lesson, step: &Step) -> PathBuf {
    wrong_dir(course, lesson).join(step_stem(step))
}

fn step_stem(step: &Step) -> String {
    step.file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes the scratch workspace for `lessons` into `dir` (made anew; it builds into
/// the real workspace's target folder).
pub fn prepare(course: &Course, lessons: &[&Lesson], dir: &Path) -> anyhow::Result<Scratch> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut scratch = Scratch {
        root: dir.to_path_buf(),
        members: Vec::new(),
        notes: Vec::new(),
        starters: Default::default(),
        broken: Vec::new(),
        given: Default::default(),
    };
    for lesson in lessons {
        let sources = committed_sources(course, lesson, &mut scratch.notes)?;
        for step in &lesson.steps {
            let text = sources
                .iter()
                .find(|(path, _)| *path == step.file)
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                .ok_or_else(|| format!("{} is not in the lesson", step.file.display()));
            scratch.starters.insert(step.id.clone(), text);
        }
        let given = sources
            .iter()
            .filter(|(path, _)| {
                path != Path::new("src/lib.rs") && !lesson.steps.iter().any(|s| s.file == *path)
            })
            .cloned()
            .collect();
        scratch.given.insert(lesson.lesson.clone(), given);
        let package = format!("starters-{}", lesson.lesson);
        let tests: Vec<&Step> = lesson.steps.iter().collect();
        write_member(course, lesson, &dir.join(&package), &sources, None, &tests)?;
        scratch.members.push(Member {
            package,
            kind: MemberKind::Starters,
        });

        for (wrong, text) in wrong_answers(course, lesson, &mut scratch.broken)? {
            let step = lesson
                .steps
                .iter()
                .find(|s| s.id == wrong.step)
                .expect("wrong_answers only returns known steps");
            let slug = wrong
                .file
                .file_stem()
                .map(|s| s.to_string_lossy().replace('_', "-"))
                .unwrap_or_default();
            let number = step_stem(step)
                .split('_')
                .next()
                .unwrap_or_default()
                .to_string();
            let package = format!("wrong-{}-{number}-{slug}", lesson.lesson);
            write_member(
                course,
                lesson,
                &dir.join(&package),
                &sources,
                Some((&step.file, text.as_bytes())),
                &[step],
            )?;
            scratch.members.push(Member {
                package,
                kind: MemberKind::Wrong(wrong),
            });
        }
    }
    write_root(course, dir, &scratch.members)?;
    // Last run's members that are gone now (a wrong answer renamed, a lesson not
    // checked this time) go too; the others were rewritten only where they changed, so
    // cargo, which goes by the files' times, rebuilds only those.
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let current = |n: &String| scratch.members.iter().any(|m| &m.package == n);
        if path.is_dir() && !name.as_ref().is_some_and(current) {
            fs::remove_dir_all(&path)
                .with_context(|| format!("cannot clear {}", path.display()))?;
        }
    }
    Ok(scratch)
}

/// The files of the exercise's `src/` as committed at `HEAD`, as (path from the
/// exercise folder, bytes). A file git does not have yet comes from the working tree,
/// and a committed file the working tree changed gets a note.
fn committed_sources(
    course: &Course,
    lesson: &Lesson,
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let exercise = course.exercise_dir(lesson);
    let from_root = |path: &Path| {
        path.strip_prefix(&course.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let src = from_root(&exercise.join("src"));
    let mut files: Vec<PathBuf> = starter::files_at_head(&course.root, &src);
    // Files only in the working tree (a lesson being written): take them as they are.
    for path in walk(&exercise.join("src"))? {
        let relative = from_root(&path);
        if !files.contains(&relative) {
            notes.push(format!(
                "{} is not committed: checked as it is in the working tree",
                relative.display()
            ));
            files.push(relative);
        }
    }
    let mut sources = Vec::new();
    for relative in files {
        let here = fs::read(course.root.join(&relative)).ok();
        let bytes = match starter::at_head(&course.root, &relative) {
            Some(committed) => {
                if here.as_deref() != Some(committed.as_slice()) {
                    notes.push(format!(
                        "{} differs from HEAD (or is gone): checked as committed",
                        relative.display()
                    ));
                }
                committed
            }
            None => here.with_context(|| format!("cannot read {}", relative.display()))?,
        };
        let in_exercise = course
            .root
            .join(&relative)
            .strip_prefix(&exercise)
            .map(Path::to_path_buf)
            .unwrap_or(relative);
        sources.push((in_exercise, bytes));
    }
    if sources.is_empty() {
        bail!("{} has no source files", exercise.display());
    }
    Ok(sources)
}

/// Every file below `dir`.
fn walk(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The lesson's known wrong answers with their text. A file without its header, or a
/// folder that names no step, goes to `broken` (as file, reason) instead.
fn wrong_answers(
    course: &Course,
    lesson: &Lesson,
    broken: &mut Vec<(String, String)>,
) -> anyhow::Result<Vec<(WrongAnswer, String)>> {
    let dir = wrong_dir(course, lesson);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for path in walk(&dir)? {
        let shown = path
            .strip_prefix(&course.root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(step) = lesson.steps.iter().find(|s| step_stem(s) == folder) else {
            broken.push((
                shown,
                format!("its folder `{folder}` is named after no step file of the lesson"),
            ));
            continue;
        };
        if path.extension().is_none_or(|ext| ext != "rs") {
            broken.push((shown, "not a `.rs` file".to_string()));
            continue;
        }
        let text = fs::read_to_string(&path).with_context(|| format!("cannot read {shown}"))?;
        let header = |key: &str| {
            text.lines()
                .take_while(|l| l.starts_with("//!"))
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        match (header(MISTAKE), header(EXPECT)) {
            (Some(mistake), Some(expect)) => found.push((
                WrongAnswer {
                    step: step.id.clone(),
                    file: path
                        .strip_prefix(&course.root)
                        .unwrap_or(&path)
                        .to_path_buf(),
                    mistake,
                    expect,
                },
                text,
            )),
            _ => broken.push((
                shown,
                format!("it must open with `{MISTAKE} …` and `{EXPECT} …` lines"),
            )),
        }
    }
    Ok(found)
}

/// Writes one member crate: the exercise's manifest renamed, its sources (one of them
/// swapped), and `[[test]]` targets pointing at the exercise's own test files.
fn write_member(
    course: &Course,
    lesson: &Lesson,
    dir: &Path,
    sources: &[(PathBuf, Vec<u8>)],
    swap: Option<(&Path, &[u8])>,
    tests: &[&Step],
) -> anyhow::Result<()> {
    let exercise = course.exercise_dir(lesson);
    let manifest_path = exercise.join("Cargo.toml");
    let mut manifest: toml::Table = fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?
        .parse()
        .with_context(|| format!("cannot parse {}", manifest_path.display()))?;
    let package = manifest
        .get_mut("package")
        .and_then(toml::Value::as_table_mut)
        .with_context(|| format!("{} has no [package]", manifest_path.display()))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    package.insert("name".into(), name.into());
    package.insert("autotests".into(), false.into());
    let targets: Vec<toml::Value> = tests
        .iter()
        .map(|step| {
            let path = exercise.join("tests").join(format!("{}.rs", step.test));
            toml::Value::Table(toml::Table::from_iter([
                ("name".to_string(), step.test.clone().into()),
                ("path".to_string(), path.display().to_string().into()),
            ]))
        })
        .collect();
    manifest.insert("test".into(), toml::Value::Array(targets));

    write_if_changed(
        &dir.join("Cargo.toml"),
        toml::to_string(&manifest)?.as_bytes(),
    )?;
    for (relative, bytes) in sources {
        let bytes = match swap {
            Some((file, replacement)) if file == relative => replacement,
            _ => bytes.as_slice(),
        };
        write_if_changed(&dir.join(relative), bytes)?;
    }
    Ok(())
}

/// Writes `bytes` to `path` (and its folders) unless it already holds them.
fn write_if_changed(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// The scratch workspace's manifest: the real one's settings (dependencies, lints,
/// profiles), its path dependencies made absolute, and the members written here.
fn write_root(course: &Course, dir: &Path, members: &[Member]) -> anyhow::Result<()> {
    let real = course.root.join("Cargo.toml");
    let mut manifest: toml::Table = fs::read_to_string(&real)?
        .parse()
        .with_context(|| format!("cannot parse {}", real.display()))?;
    let workspace = manifest
        .get_mut("workspace")
        .and_then(toml::Value::as_table_mut)
        .context("the root Cargo.toml has no [workspace]")?;
    workspace.remove("default-members");
    workspace.insert(
        "members".into(),
        toml::Value::Array(members.iter().map(|m| m.package.clone().into()).collect()),
    );
    if let Some(deps) = workspace
        .get_mut("dependencies")
        .and_then(toml::Value::as_table_mut)
    {
        for (_, dep) in deps.iter_mut() {
            let Some(dep) = dep.as_table_mut() else {
                continue;
            };
            if let Some(path) = dep.get("path").and_then(toml::Value::as_str) {
                let absolute = course.root.join(path).display().to_string();
                dep.insert("path".into(), absolute.into());
            }
        }
    }
    write_if_changed(
        &dir.join("Cargo.toml"),
        toml::to_string(&manifest)?.as_bytes(),
    )?;
    // The same versions as the real workspace, and nothing to fetch.
    let lock = fs::read(course.root.join("Cargo.lock")).context("cannot read Cargo.lock")?;
    write_if_changed(&dir.join("Cargo.lock"), &lock)?;
    Ok(())
}
