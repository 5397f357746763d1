//! Wrong: on the stop signal, aborts the stage tasks, dropping the images inside the pipeline
//! Expect: were downloaded before the stop but never uploaded

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
    let all = ids.clone();
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
    loop {
        tokio::select! {
            // `biased`: check the signal first, so the demonstration is the same every run.
            biased;
            // "Stop" read as "stop everything now": the stages are aborted, and the
            // images in their hands and in the channels are dropped with them.
            _ = stop.changed() => {
                download.abort();
                resize.abort();
                break;
            }
            next = resized.recv() => match next {
                Some((id, thumbnails)) => {
                    if stages.upload(id, thumbnails).await.is_ok() {
                        summary.ok.push(id);
                    }
                }
                None => break,
            },
        }
    }
    let not_started = all
        .into_iter()
        .filter(|id| !summary.ok.contains(id))
        .collect();
    Drained {
        summary,
        not_started,
    }
}
// ANCHOR_END: mistake
