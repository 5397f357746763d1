//! Given: the three stages of the thumbnail pipeline, as a trait.
//!
//! The steps that build the pipeline (3 and 4) take any `Stages`, so their tests can
//! plug in stages that are instant, that fail on purpose, or that wait for the test's
//! signal; the lesson's demo plugs in the real ones (HTTP and the `image` crate).

use std::fmt;
use std::future::Future;

/// One image's way through the pipeline: download, resize, upload.
pub trait Stages: Send + Sync + 'static {
    /// Fetches image `id` (IO: async, awaits the network).
    fn download(&self, id: u64) -> impl Future<Output = Result<Vec<u8>, String>> + Send;

    /// Turns the image into thumbnails (CPU: blocks its thread while it works, so call
    /// it where blocking is allowed, like `tokio::task::spawn_blocking`).
    fn resize(&self, id: u64, image: Vec<u8>) -> Result<Vec<Vec<u8>>, String>;

    /// Sends the thumbnails away (IO: async).
    fn upload(
        &self,
        id: u64,
        thumbnails: Vec<Vec<u8>>,
    ) -> impl Future<Output = Result<(), String>> + Send;
}

/// The stage where an item failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Download,
    Resize,
    Upload,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Download => "download",
            Stage::Resize => "resize",
            Stage::Upload => "upload",
        })
    }
}

/// One item that did not make it: which, where, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    pub id: u64,
    pub stage: Stage,
    pub reason: String,
}

/// The end of a batch: every item is in exactly one of the two lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The ids uploaded, in the order they finished.
    pub ok: Vec<u64>,
    /// The ids that failed, with the stage and the reason.
    pub failed: Vec<Failure>,
}
