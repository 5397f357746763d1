//! Wrong: takes each item through all three stages before starting the next, so the stages never overlap
//! Expect: the stages did not run at the same time

//! and a slow stage holds the others back instead of letting work pile up.

use std::sync::Arc;

use crate::stages::Stages;

// ANCHOR: mistake
/// Runs every id through download → resize → upload, each stage its own task, joined by
/// channels that hold at most `capacity` items. Returns the ids uploaded, in the order
/// they finished. (An item that fails is left out here; step 4 accounts for it.)
pub async fn pipeline<S: Stages>(stages: Arc<S>, ids: Vec<u64>, capacity: usize) -> Vec<u64> {
    // Correct results, but one stage works at a time: no channel, no overlap.
    let _ = capacity;
    let mut done = Vec::new();
    for id in ids {
        let Ok(image) = stages.download(id).await else {
            continue;
        };
        let resizer = Arc::clone(&stages);
        let Ok(Ok(thumbnails)) =
            tokio::task::spawn_blocking(move || resizer.resize(id, image)).await
        else {
            continue;
        };
        if stages.upload(id, thumbnails).await.is_ok() {
            done.push(id);
        }
    }
    done
}
// ANCHOR_END: mistake
