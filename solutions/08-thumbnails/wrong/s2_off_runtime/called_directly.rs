//! Wrong: calls the CPU-bound resize directly inside the async function
//! Expect: the resize ran on the runtime's own thread

use crate::imaging::{ResizeError, Thumbnail, make_thumbnails};

// ANCHOR: mistake
/// Makes the thumbnails of `image`, one per side in `sides`, off the runtime's threads.
pub async fn thumbnails(image: Vec<u8>, sides: Vec<u32>) -> Result<Vec<Thumbnail>, ResizeError> {
    // No `.await` until it is done: the runtime's thread does all the CPU work.
    make_thumbnails(&image, &sides)
}
// ANCHOR_END: mistake
