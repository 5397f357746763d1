//! Noticing saves: notify watches `exercises/`, debounced, and only real changes count.
//!
//! Two details matter. The debouncer folds the burst of events one save makes (an editor
//! may write a temporary file, rename it, change its permissions) into one. And the
//! watcher also reports files being *opened*: cargo reading the sources for a build would
//! look like a save and start the next build, for ever. So each reported path is checked
//! against the size and modification time seen before; only a Rust file or manifest whose
//! stamp changed counts as saved.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

/// How long the debouncer waits for a burst of events to settle. Editors finish a save
/// well within this; much more and the learner would feel the wait.
pub const DEBOUNCE: Duration = Duration::from_millis(60);

/// A running watcher; it stops when dropped.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
}

/// What the watcher reports.
#[derive(Debug)]
pub enum Change {
    /// These files were saved (their content or stamp changed).
    Saved(Vec<PathBuf>),
    /// The watcher failed; re-checks now need a key press.
    Failed(String),
}

impl Watcher {
    /// Watches `dir` and everything below it; sends `wrap(change)` on `tx` for each
    /// debounced batch with a real change.
    pub fn start<E: Send + 'static>(
        dir: &Path,
        tx: Sender<E>,
        wrap: impl Fn(Change) -> E + Send + 'static,
    ) -> anyhow::Result<Self> {
        let mut stamps = Stamps::of(dir);
        let mut debouncer = new_debouncer(DEBOUNCE, move |events: DebounceEventResult| {
            let change = match events {
                Ok(events) => {
                    let saved = stamps.changed(events.into_iter().map(|e| e.path));
                    if saved.is_empty() {
                        return;
                    }
                    Change::Saved(saved)
                }
                Err(err) => Change::Failed(err.to_string()),
            };
            // The receiver is gone only when the runner is shutting down.
            let _ = tx.send(wrap(change));
        })?;
        debouncer.watcher().watch(dir, RecursiveMode::Recursive)?;
        Ok(Self {
            _debouncer: debouncer,
        })
    }
}

/// Size and modification time of the files being watched.
#[derive(Debug, Default)]
struct Stamps(HashMap<PathBuf, Option<(u64, SystemTime)>>);

impl Stamps {
    /// Stamps every relevant file under `dir` now, so the first save is told apart from
    /// the first read.
    fn of(dir: &Path) -> Self {
        let mut stamps = Self::default();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.filter_map(Result::ok).map(|e| e.path()) {
                if path.is_dir() {
                    stack.push(path);
                } else if relevant(&path) {
                    stamps.0.insert(path.clone(), stamp(&path));
                }
            }
        }
        stamps
    }

    /// The relevant paths whose stamp differs from the last one seen (a new file, a
    /// changed one, or a deleted one); remembers the new stamps.
    fn changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        for path in paths {
            if !relevant(&path) {
                continue;
            }
            let now = stamp(&path);
            if self.0.get(&path) != Some(&now) {
                self.0.insert(path.clone(), now);
                changed.push(path);
            }
        }
        changed
    }
}

/// Rust sources and manifests; not editor swap files, backups or build output.
fn relevant(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    path.extension()
        .is_some_and(|ext| ext == "rs" || ext == "toml")
        && !name.starts_with('.')
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    #[test]
    fn reads_are_not_saves_and_saves_are() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        fs::write(&file, "fn main() {}\n").unwrap();
        let mut stamps = Stamps::of(dir.path());
        assert!(stamps.changed([file.clone()]).is_empty(), "a read");
        fs::write(&file, "fn main() { }\n").unwrap();
        assert_eq!(stamps.changed([file.clone()]), std::slice::from_ref(&file));
        assert!(stamps.changed([dir.path().join(".lib.rs.swp")]).is_empty());
        fs::remove_file(&file).unwrap();
        assert_eq!(stamps.changed([file.clone()]), [file]);
    }

    #[test]
    fn a_save_is_reported_once_through_the_real_watcher() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("src").join("s1.rs");
        fs::create_dir(dir.path().join("src")).unwrap();
        fs::write(&file, "// one\n").unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = Watcher::start(dir.path(), tx, |change| change).unwrap();

        // Reading the file (as cargo does) is not a save.
        fs::read(&file).unwrap();
        // Saved the way many editors do: the new text goes to a temporary file (one
        // the watcher ignores), renamed over the old. The file changes in one step, so
        // however the debouncer slices time there is one save to report. (Writing it in
        // place could be seen twice: truncated, then written.)
        let tmp = dir.path().join("src").join(".s1.rs.tmp");
        fs::write(&tmp, "// two\n").unwrap();
        fs::rename(&tmp, &file).unwrap();
        // An outer bound, so a broken watcher fails the test instead of hanging it.
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Change::Saved(paths)) => assert_eq!(paths, [file]),
            other => panic!("expected the save, got {other:?}"),
        }
        assert!(
            rx.recv_timeout(DEBOUNCE * 5).is_err(),
            "one save, one report"
        );
    }
}
