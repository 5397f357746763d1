//! Wrong: uses block_in_place, which needs a multi-threaded runtime and still blocks the calling task
//! Expect: can call blocking only when running on the multi-threaded runtime

use crate::imaging::{ResizeError, Thumbnail, make_thumbnails};

// ANCHOR: mistake
/// Makes the thumbnails of `image`, one per side in `sides`, off the runtime's threads.
pub async fn thumbnails(image: Vec<u8>, sides: Vec<u32>) -> Result<Vec<Thumbnail>, ResizeError> {
    // Tells tokio "this worker is about to block": it panics on a current_thread
    // runtime, and even on a multi-threaded one this task makes no progress meanwhile.
    tokio::task::block_in_place(|| make_thumbnails(&image, &sides))
}
// ANCHOR_END: mistake
