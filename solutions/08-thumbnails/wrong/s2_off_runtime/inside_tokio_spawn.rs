//! Wrong: wraps the resize in tokio::spawn, which runs it as a task on the runtime's own threads
//! Expect: the resize ran on the runtime's own thread

use crate::imaging::{ResizeError, Thumbnail, make_thumbnails};

// ANCHOR: mistake
/// Makes the thumbnails of `image`, one per side in `sides`, off the runtime's threads.
pub async fn thumbnails(image: Vec<u8>, sides: Vec<u32>) -> Result<Vec<Thumbnail>, ResizeError> {
    // A spawned task is still async work: it runs on the runtime's threads.
    tokio::spawn(async move { make_thumbnails(&image, &sides) })
        .await
        .map_err(|err| ResizeError(format!("the resize did not finish: {err}")))?
}
// ANCHOR_END: mistake
