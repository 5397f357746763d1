//! Wrong: keeps a spare sender of the last channel alive in the caller, so its receiver never sees the end
//! Expect: never finished

//! and a slow stage holds the others back instead of letting work pile up.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::stages::Stages;

// ANCHOR: mistake
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
                if let Ok(image) = stages.download(id).await
                    && to_resize.send((id, image)).await.is_err()
                {
                    break;
                }
            }
        }
    });
    // The resize task gets a clone; the original `to_upload` stays alive right here,
    // so the channel is never closed and the loop below waits for ever at the end.
    let resize = tokio::spawn({
        let stages = Arc::clone(&stages);
        let to_upload = to_upload.clone();
        async move {
            while let Some((id, image)) = downloaded.recv().await {
                let stages = Arc::clone(&stages);
                let made = tokio::task::spawn_blocking(move || stages.resize(id, image)).await;
                if let Ok(Ok(thumbnails)) = made
                    && to_upload.send((id, thumbnails)).await.is_err()
                {
                    break;
                }
            }
        }
    });
    let mut done = Vec::new();
    while let Some((id, thumbnails)) = resized.recv().await {
        if stages.upload(id, thumbnails).await.is_ok() {
            done.push(id);
        }
    }
    drop(to_upload);
    download.await.expect("the download stage panicked");
    resize.await.expect("the resize stage panicked");
    done
}
// ANCHOR_END: mistake
