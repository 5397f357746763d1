//! Step 3: join the three stages with bounded channels, so they run at the same time
//! and a slow stage holds the others back instead of letting work pile up.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::stages::Stages;

// ANCHOR: solution
/// Runs every id through download → resize → upload, each stage its own task, joined by
/// channels that hold at most `capacity` items. Returns the ids uploaded, in the order
/// they finished. (An item that fails is left out here; step 4 accounts for it.)
pub async fn pipeline<S: Stages>(stages: Arc<S>, ids: Vec<u64>, capacity: usize) -> Vec<u64> {
    let (to_resize, mut downloaded) = mpsc::channel::<(u64, Vec<u8>)>(capacity.max(1));
    let (to_upload, mut resized) = mpsc::channel::<(u64, Vec<Vec<u8>>)>(capacity.max(1));

    let download = tokio::spawn({
        let stages = Arc::clone(&stages);
        async move {
            for id in ids {
                if let Ok(image) = stages.download(id).await {
                    // `send` waits while the channel is full: that wait is backpressure.
                    if to_resize.send((id, image)).await.is_err() {
                        break; // the next stage is gone: nobody wants more
                    }
                }
            }
            // `to_resize` is dropped here: the resize stage sees the end of its input.
        }
    });
    let resize = tokio::spawn({
        let stages = Arc::clone(&stages);
        async move {
            while let Some((id, image)) = downloaded.recv().await {
                let stages = Arc::clone(&stages);
                // CPU work goes to the blocking pool (step 2), never on this task's thread.
                let made = tokio::task::spawn_blocking(move || stages.resize(id, image)).await;
                if let Ok(Ok(thumbnails)) = made
                    && to_upload.send((id, thumbnails)).await.is_err()
                {
                    break;
                }
            }
        }
    });

    // The upload stage runs here, in the caller's task, until the channel is closed
    // and empty: that happens only once every item has passed through.
    let mut done = Vec::new();
    while let Some((id, thumbnails)) = resized.recv().await {
        if stages.upload(id, thumbnails).await.is_ok() {
            done.push(id);
        }
    }
    // Both tasks have ended (their senders are gone); joining them surfaces a panic.
    download.await.expect("the download stage panicked");
    resize.await.expect("the resize stage panicked");
    done
}
// ANCHOR_END: solution
