//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

#![allow(dead_code)] // Each step uses a different part of this file.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

use thumbnails::stages::Stages;
use tokio::sync::Semaphore;

/// Awaits `future`, failing the test with the likely cause if it does not finish within
/// `limit`. Under tokio's paused clock the bound costs nothing: when every task is stuck,
/// tokio jumps straight to the deadline, so a hang fails at once.
pub async fn bounded<F: Future>(what: &str, limit: Duration, future: F) -> F::Output {
    exercise_support::guide();
    match tokio::time::timeout(limit, future).await {
        Ok(output) => output,
        Err(_) => panic!(
            "{what} never finished (waited {limit:?}): possible deadlock: does every stage \
             drop its sender when its input ends, so the next stage sees the end?"
        ),
    }
}

/// A small PNG made in memory (one of the delay server's test pictures).
pub fn png(id: u64, width: u32, height: u32) -> Vec<u8> {
    let picture = delay_server::images::test_image(id, width, height);
    delay_server::images::encode(&picture, delay_server::images::Format::Png)
        .expect("a test picture encodes")
}

/// Stages in memory that count what passed, fail where told, and (optionally) hold
/// every upload until the test opens the gate.
#[derive(Debug, Default)]
pub struct Counted {
    pub downloaded: AtomicUsize,
    pub resized: AtomicUsize,
    pub uploaded: AtomicUsize,
    /// Ids whose download fails (a 404), whose image is corrupt, whose upload fails.
    pub missing: Vec<u64>,
    pub corrupt: Vec<u64>,
    pub refused: Vec<u64>,
    /// When set, each upload waits for a permit from it.
    pub gate: Option<Arc<Semaphore>>,
}

impl Stages for Counted {
    async fn download(&self, id: u64) -> Result<Vec<u8>, String> {
        // One step of virtual time: downloads take a while, as on a network.
        tokio::time::sleep(Duration::from_millis(1)).await;
        if self.missing.contains(&id) {
            return Err(format!("/image/{id}.png answered 404 Not Found"));
        }
        self.downloaded.fetch_add(1, SeqCst);
        if self.corrupt.contains(&id) {
            return Ok(b"<html>not an image</html>".to_vec());
        }
        Ok(id.to_le_bytes().to_vec())
    }

    fn resize(&self, id: u64, image: Vec<u8>) -> Result<Vec<Vec<u8>>, String> {
        if image.starts_with(b"<html>") {
            return Err(format!("image {id} is not an image we can read"));
        }
        self.resized.fetch_add(1, SeqCst);
        Ok(vec![image.clone(), image])
    }

    async fn upload(&self, id: u64, thumbnails: Vec<Vec<u8>>) -> Result<(), String> {
        if let Some(gate) = &self.gate {
            // Never closed, so acquiring only waits; each upload takes one permit.
            gate.acquire()
                .await
                .expect("the gate is never closed")
                .forget();
        }
        assert_eq!(thumbnails.len(), 2, "item {id} lost thumbnails on its way");
        if self.refused.contains(&id) {
            return Err("/upload answered 500 Internal Server Error".to_string());
        }
        self.uploaded.fetch_add(1, SeqCst);
        Ok(())
    }
}

/// Lets every task that can run, run, until all wait: under the paused clock, tokio
/// moves time on only when nothing else can happen, so after this sleep the pipeline
/// is as far as it can get.
pub async fn settle() {
    tokio::time::sleep(Duration::from_secs(60)).await;
}
