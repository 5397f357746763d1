//! Wrong: runs the resize on a new thread but waits for it with join(), blocking the runtime's thread meanwhile
//! Expect: the heartbeat never ticked

use crate::imaging::{ResizeError, Thumbnail, make_thumbnails};

// ANCHOR: mistake
/// Makes the thumbnails of `image`, one per side in `sides`, off the runtime's threads.
pub async fn thumbnails(image: Vec<u8>, sides: Vec<u32>) -> Result<Vec<Thumbnail>, ResizeError> {
    // The work runs elsewhere, but `join()` parks the runtime's thread until it ends.
    std::thread::spawn(move || make_thumbnails(&image, &sides))
        .join()
        .map_err(|_| ResizeError("the resize panicked".to_string()))?
}
// ANCHOR_END: mistake
