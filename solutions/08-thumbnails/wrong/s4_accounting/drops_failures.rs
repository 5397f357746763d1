//! Wrong: keeps only the items that succeed (if let Ok), so failed ones vanish from the summary
//! Expect: are missing from the summary

//! image never stops the rest.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::stages::{Stages, Summary};

// ANCHOR: mistake
/// Runs every id through the three stages (joined by channels of `capacity`) and
/// returns the summary: each id either in `ok` or in `failed`, with stage and reason.
pub async fn run_batch<S: Stages>(stages: Arc<S>, ids: Vec<u64>, capacity: usize) -> Summary {
    // Failures are skipped with `if let Ok(..)`: no error escapes, and none is counted.
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
    let resize = tokio::spawn({
        let stages = Arc::clone(&stages);
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
    let mut summary = Summary::default();
    while let Some((id, thumbnails)) = resized.recv().await {
        if stages.upload(id, thumbnails).await.is_ok() {
            summary.ok.push(id);
        }
    }
    download.await.expect("the download stage panicked");
    resize.await.expect("the resize stage panicked");
    summary
}
// ANCHOR_END: mistake
