//! Step 4: a batch where some items fail: every item is accounted for, and one bad
//! image never stops the rest.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::stages::{Failure, Stage, Stages, Summary};

/// What travels down the pipeline: the item's data so far, or why it failed.
type Item<T> = (u64, Result<T, Failure>);

// ANCHOR: solution
/// Runs every id through the three stages (joined by channels of `capacity`) and
/// returns the summary: each id either in `ok` or in `failed`, with stage and reason.
pub async fn run_batch<S: Stages>(stages: Arc<S>, ids: Vec<u64>, capacity: usize) -> Summary {
    let fail = |id, stage, reason| Failure { id, stage, reason };
    let (to_resize, mut downloaded) = mpsc::channel::<Item<Vec<u8>>>(capacity.max(1));
    let (to_upload, mut resized) = mpsc::channel::<Item<Vec<Vec<u8>>>>(capacity.max(1));

    let download = tokio::spawn({
        let stages = Arc::clone(&stages);
        async move {
            for id in ids {
                // A failure is not the end of the batch: it travels on as a value, so
                // the last stage can count it.
                let image = stages
                    .download(id)
                    .await
                    .map_err(|reason| fail(id, Stage::Download, reason));
                if to_resize.send((id, image)).await.is_err() {
                    break;
                }
            }
        }
    });
    let resize = tokio::spawn({
        let stages = Arc::clone(&stages);
        async move {
            while let Some((id, image)) = downloaded.recv().await {
                let thumbnails = match image {
                    Ok(image) => {
                        let stages = Arc::clone(&stages);
                        match tokio::task::spawn_blocking(move || stages.resize(id, image)).await {
                            Ok(made) => made.map_err(|reason| fail(id, Stage::Resize, reason)),
                            // Even a panic in the resize is one item's failure.
                            Err(err) => Err(fail(id, Stage::Resize, format!("panicked: {err}"))),
                        }
                    }
                    Err(failure) => Err(failure),
                };
                if to_upload.send((id, thumbnails)).await.is_err() {
                    break;
                }
            }
        }
    });

    let mut summary = Summary::default();
    while let Some((id, thumbnails)) = resized.recv().await {
        let uploaded = match thumbnails {
            Ok(thumbnails) => stages
                .upload(id, thumbnails)
                .await
                .map_err(|reason| fail(id, Stage::Upload, reason)),
            Err(failure) => Err(failure),
        };
        match uploaded {
            Ok(()) => summary.ok.push(id),
            Err(failure) => summary.failed.push(failure),
        }
    }
    download.await.expect("the download stage panicked");
    resize.await.expect("the resize stage panicked");
    summary
}
// ANCHOR_END: solution
