//! Wrong: never reads the stop signal, so the whole batch runs to its end
//! Expect: after the stop, new downloads were still started

use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use crate::stages::{Stages, Summary};

/// What a stopped batch leaves: the items that went through, and those never started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drained {
    pub summary: Summary,
    /// Ids not downloaded because the stop came first, in batch order.
    pub not_started: Vec<u64>,
}

// ANCHOR: mistake
/// Runs the pipeline of step 3 until the batch ends or `stop` turns `true`. After the
/// stop, no new download starts, but every image already downloaded is resized and
/// uploaded: the pipeline drains, then the function returns.
pub async fn run_until_stopped<S: Stages>(
    stages: Arc<S>,
    ids: Vec<u64>,
    capacity: usize,
    mut stop: watch::Receiver<bool>,
) -> Drained {
    // The signal is never read: the batch runs to its end whatever happens.
    let _ = &mut stop;
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
    Drained {
        summary,
        not_started: Vec::new(),
    }
}
// ANCHOR_END: mistake
