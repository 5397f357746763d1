//! A scratch copy of one lesson's exercises: a temporary workspace that a tool may edit
//! and build without touching the real one (the learner's files, the real `target/`).
//!
//! It holds `exercises/<folder>` of one lesson, the shared crates it depends on by path
//! (`crates/kit`, say), the real `Cargo.lock`, and a root manifest cut down from the
//! real one: the same dependencies, lints and profiles (so the same builds), but only
//! the copied crates as members. Cargo is told to stay offline there (`.cargo/config.toml`):
//! the lock file pins every dependency, and the real workspace has fetched them.
//!
//! Builds go to the `target_dir` given, never the real workspace's: cargo names a
//! member's artifacts after its path relative to the workspace root, so the copy's
//! `exercises/01-sync-async` would overwrite the real one's test binaries.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::meta::{Course, Lesson};

/// A lesson copied into a temporary workspace; removed when dropped.
pub struct ScratchLesson {
    /// The copy, loaded: its root is the temporary folder, its target dir the one given.
    pub course: Course,
    _dir: tempfile::TempDir,
}

impl ScratchLesson {
    /// Copies `lesson` of the `real` course into a fresh temporary workspace that builds
    /// into `target_dir`.
    pub fn new(real: &Course, lesson: &Lesson, target_dir: &Path) -> anyhow::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("course-scratch-")
            .tempdir()
            .context("cannot create a temporary folder for the scratch copy")?;
        let root = dir.path();
        let manifest_path = real.root.join("Cargo.toml");
        let text = fs::read_to_string(&manifest_path)
            .with_context(|| format!("cannot read {}", manifest_path.display()))?;
        let mut manifest: toml::Table = text
            .parse()
            .with_context(|| format!("{} is not valid TOML", manifest_path.display()))?;
        let shared = path_dependencies(&manifest);

        // The lesson, then every shared crate it (or a copied crate) depends on by path.
        let exercise = PathBuf::from("exercises").join(&lesson.folder);
        let mut members = vec![exercise.clone()];
        let mut copied = BTreeSet::new();
        while let Some(member) = members.get(copied.len()).cloned() {
            copy_dir(&real.root.join(&member), &root.join(&member))?;
            copied.insert(member.clone());
            for name in dependency_names(&root.join(&member).join("Cargo.toml"))? {
                if let Some(path) = shared.iter().find(|(n, _)| *n == name).map(|(_, p)| p)
                    && !members.contains(path)
                {
                    members.push(path.clone());
                }
            }
        }

        let workspace = manifest
            .get_mut("workspace")
            .and_then(|w| w.as_table_mut())
            .context("the root Cargo.toml has no [workspace] table")?;
        let listed = members
            .iter()
            .map(|m| toml::Value::String(slashed(m)))
            .collect();
        workspace.insert("members".into(), toml::Value::Array(listed));
        workspace.remove("default-members");
        // Path dependencies that were not copied would point at nothing.
        if let Some(deps) = workspace
            .get_mut("dependencies")
            .and_then(|d| d.as_table_mut())
        {
            deps.retain(|name, _| {
                shared
                    .iter()
                    .find(|(n, _)| n == name)
                    .is_none_or(|(_, path)| members.contains(path))
            });
        }
        fs::write(root.join("Cargo.toml"), toml::to_string(&manifest)?)?;
        let lock = real.root.join("Cargo.lock");
        if lock.is_file() {
            fs::copy(&lock, root.join("Cargo.lock"))
                .with_context(|| format!("cannot copy {}", lock.display()))?;
        }
        fs::create_dir_all(root.join(".cargo"))?;
        fs::write(
            root.join(".cargo/config.toml"),
            "# A scratch copy: every dependency is pinned and already fetched.\n\
             [net]\noffline = true\n",
        )?;

        let mut course = Course::load(root)?;
        course.target_dir = Some(target_dir.to_path_buf());
        Ok(Self { course, _dir: dir })
    }

    /// The copy's root folder.
    pub fn root(&self) -> &Path {
        &self.course.root
    }
}

/// The workspace dependencies declared with a `path`: (name, path from the root).
fn path_dependencies(manifest: &toml::Table) -> Vec<(String, PathBuf)> {
    let deps = manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table());
    deps.into_iter()
        .flatten()
        .filter_map(|(name, dep)| {
            let path = dep.get("path")?.as_str()?;
            Some((name.clone(), PathBuf::from(path)))
        })
        .collect()
}

/// The names of every dependency a package's manifest lists (normal, dev and build).
fn dependency_names(manifest: &Path) -> anyhow::Result<Vec<String>> {
    let text = fs::read_to_string(manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let table: toml::Table = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", manifest.display()))?;
    let mut names = Vec::new();
    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        if let Some(deps) = table.get(section).and_then(|d| d.as_table()) {
            names.extend(deps.keys().cloned());
        }
    }
    Ok(names)
}

/// A relative path with forward slashes, as a manifest writes it on every system.
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Copies a folder's files, leaving out build output (`target/`).
fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target)?;
            }
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::DEMO_LESSON;

    #[test]
    fn the_copy_holds_the_lesson_and_the_shared_crates_it_uses() {
        let real = tempfile::tempdir().unwrap();
        let root = real.path();
        fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\", \"exercises/*\"]\n\
             default-members = [\"crates/*\"]\n\
             [workspace.dependencies]\nkit = { path = \"crates/kit\" }\n\
             unused = { path = \"crates/unused\" }\ntokio = \"1\"\n\
             [profile.dev.package.\"*\"]\nopt-level = 2\n",
        )
        .unwrap();
        fs::write(root.join("Cargo.lock"), "# locked\n").unwrap();
        let lesson = root.join("exercises/07-demo");
        fs::create_dir_all(lesson.join("src")).unwrap();
        fs::create_dir_all(lesson.join("target/debug")).unwrap();
        fs::write(lesson.join("course.toml"), DEMO_LESSON).unwrap();
        fs::write(
            lesson.join("Cargo.toml"),
            "[package]\nname = \"exercises-07\"\n[dev-dependencies]\nkit.workspace = true\n",
        )
        .unwrap();
        fs::write(lesson.join("src/s1_first.rs"), "todo!()\n").unwrap();
        for krate in ["kit", "unused"] {
            let dir = root.join("crates").join(krate);
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("Cargo.toml"), "[package]\n").unwrap();
        }

        let real = Course::load(root).unwrap();
        let target = root.join("target/scratch");
        let copy = ScratchLesson::new(&real, &real.lessons[0], &target).unwrap();
        let at = copy.root();
        assert_ne!(at, root);
        assert_eq!(copy.course.target_dir.as_deref(), Some(target.as_path()));
        assert_eq!(copy.course.lessons[0].folder, "07-demo");
        assert!(at.join("exercises/07-demo/src/s1_first.rs").is_file());
        assert!(
            at.join("crates/kit/Cargo.toml").is_file(),
            "a path dependency"
        );
        assert!(!at.join("crates/unused").exists(), "not a dependency");
        assert!(
            !at.join("exercises/07-demo/target").exists(),
            "build output"
        );
        assert_eq!(
            fs::read_to_string(at.join("Cargo.lock")).unwrap(),
            "# locked\n"
        );

        let manifest: toml::Table = fs::read_to_string(at.join("Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
        let workspace = manifest["workspace"].as_table().unwrap();
        let members: Vec<&str> = workspace["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(members, ["exercises/07-demo", "crates/kit"]);
        assert!(!workspace.contains_key("default-members"));
        let deps = workspace["dependencies"].as_table().unwrap();
        assert!(deps.contains_key("kit") && deps.contains_key("tokio"));
        assert!(!deps.contains_key("unused"));
        assert!(manifest.contains_key("profile"), "the same builds");

        // Dropped: the copy is gone.
        let kept = at.to_path_buf();
        drop(copy);
        assert!(!kept.exists());
    }
}
