//! Wrong: joins the stages with unbounded channels, so a fast stage runs ahead without limit
//! Expect: were downloaded but not yet uploaded

//! and a slow stage holds the others back instead of letting work pile up.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::stages::Stages;

// ANCHOR: mistake
/// Runs every id through download → resize → upload, each stage its own task, joined by
/// channels that hold at most `capacity` items. Returns the ids uploaded, in the order
/// they finished. (An item that fails is left out here; step 4 accounts for it.)
pub async fn pipeline<S: Stages>(stages: Arc<S>, ids: Vec<u64>, capacity: usize) -> Vec<u64> {
    // `send` on an unbounded channel never waits: nothing holds the downloads back.
    let _ = capacity;
    let (to_resize, mut downloaded) = mpsc::unbounded_channel::<(u64, Vec<u8>)>();
    let (to_upload, mut resized) = mpsc::unbounded_channel::<(u64, Vec<Vec<u8>>)>();
    let download = tokio::spawn({
        let stages = Arc::clone(&stages);
        async move {
            for id in ids {
                if let Ok(image) = stages.download(id).await {
                    let _ = to_resize.send((id, image));
                }
            }
        }
    });
    let resize = tokio::spawn({
        let stages = Arc::clone(&stages);
        async move {
            while let Some((id, image)) = downloaded.recv().await {
                let stages = Arc::clone(&stages);
                let made = tokio::task::spawn_blocking(move || stages.resize(id, image)).await;
                if let Ok(Ok(thumbnails)) = made {
                    let _ = to_upload.send((id, thumbnails));
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
    download.await.expect("the download stage panicked");
    resize.await.expect("the resize stage panicked");
    done
}
// ANCHOR_END: mistake
