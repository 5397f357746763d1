//! Step 2: make thumbnails from async code without blocking the runtime.

// What the TODO needs; unused until it is done (the project lints with `-D warnings`).
#[allow(unused_imports)]
use crate::imaging::{ResizeError, Thumbnail, make_thumbnails};

/// Makes the thumbnails of `image`, one per side in `sides`, off the runtime's threads.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn thumbnails(image: Vec<u8>, sides: Vec<u32>) -> Result<Vec<Thumbnail>, ResizeError> {
    // TODO: `make_thumbnails` is CPU work that blocks its thread for a long while.
    // Run it on a thread where blocking is allowed, and *await* its result here, so
    // the runtime's thread stays free for the other tasks meanwhile.
    todo!("resize off the runtime's threads")
}
