//! Step 2: make thumbnails from async code without blocking the runtime.

use crate::imaging::{ResizeError, Thumbnail, make_thumbnails};

// ANCHOR: solution
/// Makes the thumbnails of `image`, one per side in `sides`, off the runtime's threads.
pub async fn thumbnails(image: Vec<u8>, sides: Vec<u32>) -> Result<Vec<Thumbnail>, ResizeError> {
    // The closure owns its data (`move`): it runs on tokio's blocking pool, on another
    // thread, while this task is suspended and the runtime runs everything else.
    tokio::task::spawn_blocking(move || make_thumbnails(&image, &sides))
        .await
        // The join error only says the closure panicked or the runtime is shutting down.
        .map_err(|err| ResizeError(format!("the resize did not finish: {err}")))?
}
// ANCHOR_END: solution
