//! Step 3: join the three stages with bounded channels, so they run at the same time
//! and a slow stage holds the others back instead of letting work pile up.

use std::sync::Arc;

// What the TODO needs; unused until it is done (the project lints with `-D warnings`).
#[allow(unused_imports)]
use tokio::sync::mpsc;

use crate::stages::Stages;

/// Runs every id through download → resize → upload, each stage its own task, joined by
/// channels that hold at most `capacity` items. Returns the ids uploaded, in the order
/// they finished. (An item that fails is left out here; step 4 accounts for it.)
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn pipeline<S: Stages>(stages: Arc<S>, ids: Vec<u64>, capacity: usize) -> Vec<u64> {
    // TODO: two `mpsc::channel(capacity)`s. Spawn a download task (downloads each id,
    // sends the image on), a resize task (receives, resizes with `spawn_blocking`,
    // sends on) and run the upload loop here until its channel is closed and empty.
    // A stage must drop its sender when its input ends, or the next one waits for ever.
    todo!("join the stages with bounded channels")
}
