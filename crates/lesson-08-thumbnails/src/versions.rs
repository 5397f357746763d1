//! The five versions of the thumbnail maker. Same stages (see `work.rs`), same batch;
//! they differ in where each stage runs and how the stages meet.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use indicatif::ProgressBar;
use kit::timeline::Timeline;
use rayon::prelude::*;
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::work::{self, Failure, Item, Remote, Summary, Thumbnails};

/// The sizes a version runs with.
#[derive(Debug, Clone, Copy)]
pub struct Knobs {
    /// Downloads (and uploads) in flight at once.
    pub limit: usize,
    /// Items each channel between two stages may hold.
    pub capacity: usize,
    /// Threads of the "threads everywhere" version.
    pub threads: usize,
    /// Cores: worker threads of the runtime and of the rayon pool.
    pub cores: usize,
}

/// What every version shares while it runs: where to record, what to count.
#[derive(Debug, Clone)]
pub struct Watch {
    pub timeline: Timeline,
    pub progress: ProgressBar,
    held: Arc<Held>,
    downloads: Arc<Mutex<Vec<Duration>>>,
}

/// Images held in memory (downloaded, not yet uploaded or failed), with a high-water mark.
#[derive(Debug, Default)]
struct Held {
    now: AtomicUsize,
    max: AtomicUsize,
}

impl Watch {
    pub fn new(progress: ProgressBar) -> Self {
        Self {
            timeline: Timeline::new(),
            progress,
            held: Arc::default(),
            downloads: Arc::default(),
        }
    }

    /// The median time a download took, from its request to its last byte read: it
    /// grows when the thread that should read the answer is busy with something else.
    pub fn median_download(&self) -> Option<Duration> {
        let mut times = self
            .downloads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        times.sort_unstable();
        times.get(times.len() / 2).copied()
    }

    fn timed_download(&self, start: Instant) {
        let took = start.elapsed();
        self.downloads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(took);
    }

    /// The most images that were in memory at once.
    pub fn max_held(&self) -> usize {
        self.held.max.load(SeqCst)
    }

    fn hold(&self) {
        let now = self.held.now.fetch_add(1, SeqCst) + 1;
        self.held.max.fetch_max(now, SeqCst);
    }

    fn release(&self) {
        self.held.now.fetch_sub(1, SeqCst);
    }

    /// Downloads one item (async), recorded as a wait in the timeline; a downloaded image
    /// counts as held until [`Watch::done`].
    async fn download(
        &self,
        client: &reqwest::Client,
        remote: &Remote,
        item: &Item,
    ) -> Result<Vec<u8>, Failure> {
        let (span, start) = (self.timeline.wait("download"), Instant::now());
        let bytes = work::download(client, remote, item).await;
        self.timed_download(start);
        drop(span);
        self.hold();
        bytes
    }

    fn download_blocking(
        &self,
        client: &reqwest::blocking::Client,
        remote: &Remote,
        item: &Item,
    ) -> Result<Vec<u8>, Failure> {
        let (span, start) = (self.timeline.wait("download"), Instant::now());
        let bytes = work::download_blocking(client, remote, item);
        self.timed_download(start);
        drop(span);
        self.hold();
        bytes
    }

    /// The CPU-bound stage, on whatever thread calls it (busy in the timeline).
    fn resize(&self, id: u64, bytes: Result<Vec<u8>, Failure>) -> Result<Thumbnails, Failure> {
        let bytes = bytes?;
        let _span = self.timeline.span("resize");
        work::resize_item(id, &bytes)
    }

    async fn upload(
        &self,
        client: &reqwest::Client,
        remote: &Remote,
        item: &Item,
        thumbnails: Result<Thumbnails, Failure>,
    ) -> Result<u64, Failure> {
        let thumbnails = thumbnails?;
        let _span = self.timeline.wait("upload");
        work::upload(client, remote, item, thumbnails).await
    }

    fn upload_blocking(
        &self,
        client: &reqwest::blocking::Client,
        remote: &Remote,
        item: &Item,
        thumbnails: Result<Thumbnails, Failure>,
    ) -> Result<u64, Failure> {
        let thumbnails = thumbnails?;
        let _span = self.timeline.wait("upload");
        work::upload_blocking(client, remote, item, thumbnails)
    }

    /// An item is through, one way or the other.
    fn done(&self, summary: &mut Summary, id: u64, outcome: Result<u64, Failure>) {
        self.release();
        summary.record(id, outcome);
        self.progress.inc(1);
    }
}

/// A multi-threaded tokio runtime with one worker per core.
fn runtime(cores: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .enable_all()
        .build()
        // Only fails if the OS refuses threads or a timer; nothing to recover in a demo.
        .expect("cannot start a tokio runtime")
}

// ANCHOR: sequential
/// One image at a time, one thread: download, resize, upload, next.
pub fn sequential(remote: &Remote, items: &[Item], watch: &Watch) -> Summary {
    let client = remote.blocking_client();
    let mut summary = Summary::default();
    for item in items {
        let bytes = watch.download_blocking(&client, remote, item);
        let thumbnails = watch.resize(item.id, bytes);
        let outcome = watch.upload_blocking(&client, remote, item, thumbnails);
        watch.done(&mut summary, item.id, outcome);
    }
    summary
}
// ANCHOR_END: sequential

// ANCHOR: threads
/// Threads everywhere: `threads` OS threads, each taking the next image and doing all
/// three stages with blocking calls (Python's `ThreadPoolExecutor` with `requests`).
pub fn threads(remote: &Remote, items: &[Item], knobs: Knobs, watch: &Watch) -> Summary {
    let client = remote.blocking_client();
    let next = AtomicUsize::new(0);
    let summary = Mutex::new(Summary::default());
    std::thread::scope(|scope| {
        for _ in 0..knobs.threads {
            scope.spawn(|| {
                while let Some(item) = items.get(next.fetch_add(1, SeqCst)) {
                    let bytes = watch.download_blocking(&client, remote, item);
                    // While this thread resizes, it downloads nothing: the OS shares the
                    // cores among all the threads, busy or not.
                    let thumbnails = watch.resize(item.id, bytes);
                    let outcome = watch.upload_blocking(&client, remote, item, thumbnails);
                    let mut summary = summary.lock().unwrap_or_else(PoisonError::into_inner);
                    watch.done(&mut summary, item.id, outcome);
                }
            });
        }
    });
    summary.into_inner().unwrap_or_else(PoisonError::into_inner)
}
// ANCHOR_END: threads

// ANCHOR: async_everywhere
/// Async everywhere: one task per image on the runtime, downloads bounded by a
/// semaphore, and the resize called right there in the task, on a runtime worker.
/// This is the mistake: while a worker resizes, no other task on it moves, so the
/// downloads and uploads it holds stall.
pub fn async_everywhere(remote: &Remote, items: &[Item], knobs: Knobs, watch: &Watch) -> Summary {
    runtime(knobs.cores).block_on(async {
        let client = remote.client();
        let downloads = Arc::new(Semaphore::new(knobs.limit));
        let summary = Arc::new(Mutex::new(Summary::default()));
        let mut tasks = tokio::task::JoinSet::new();
        for item in items.iter().cloned() {
            let (client, remote, watch) = (client.clone(), remote.clone(), watch.clone());
            let (downloads, summary) = (Arc::clone(&downloads), Arc::clone(&summary));
            tasks.spawn(async move {
                let permit = downloads.acquire_owned().await;
                let bytes = watch.download(&client, &remote, &item).await;
                drop(permit);
                let thumbnails = watch.resize(item.id, bytes); // blocks this worker
                let outcome = watch.upload(&client, &remote, &item, thumbnails).await;
                let mut summary = summary.lock().unwrap_or_else(PoisonError::into_inner);
                watch.done(&mut summary, item.id, outcome);
            });
        }
        while let Some(joined) = tasks.join_next().await {
            // The tasks hold no panicking code of ours; if one panicked, say so loudly.
            joined.expect("an image task panicked");
        }
        let summary = summary.lock().unwrap_or_else(PoisonError::into_inner);
        summary.clone()
    })
}
// ANCHOR_END: async_everywhere

/// Receives from a channel as a stream (so stream adaptors can bound the work on it).
fn receive<T: Send + 'static>(rx: mpsc::Receiver<T>) -> impl futures::Stream<Item = T> {
    stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) })
}

// ANCHOR: pipeline
/// The pipeline: three stages at once, joined by bounded channels. Downloads and
/// uploads are async (at most `limit` each in flight); resizes run on rayon's pool
/// (one per core); a full channel makes the stage before it wait (backpressure), so at
/// most `2 × limit + 2 × capacity + cores` images are ever in memory, whatever the batch.
pub fn pipeline(remote: &Remote, items: &[Item], knobs: Knobs, watch: &Watch) -> Summary {
    runtime(knobs.cores).block_on(async {
        let client = remote.client();
        let (to_resize, downloaded) = mpsc::channel(knobs.capacity);
        let (to_upload, resized) = mpsc::channel(knobs.capacity);

        let download = tokio::spawn({
            let (client, remote, watch) = (client.clone(), remote.clone(), watch.clone());
            let items = items.to_vec();
            async move {
                let mut fetched = stream::iter(items)
                    .map(|item| {
                        let (client, remote, watch) = (&client, &remote, &watch);
                        async move {
                            let bytes = watch.download(client, remote, &item).await;
                            (item, bytes)
                        }
                    })
                    .buffer_unordered(knobs.limit);
                while let Some(fetched) = fetched.next().await {
                    // Waits while the resize stage is `capacity` images behind.
                    if to_resize.send(fetched).await.is_err() {
                        break;
                    }
                }
            }
        });

        let resize = tokio::spawn({
            let watch = watch.clone();
            async move {
                let made = receive(downloaded)
                    .map(|(item, bytes): (Item, _)| {
                        let watch = watch.clone();
                        let (done, result) = oneshot::channel();
                        // CPU work on rayon's threads; this task only awaits the answer.
                        rayon::spawn(move || {
                            let thumbnails = watch.resize(item.id, bytes);
                            let _ = done.send((item, thumbnails));
                        });
                        result
                    })
                    .buffer_unordered(knobs.cores);
                // Pinned so `next` can poll it in place (its futures are not `Unpin`).
                let mut made = std::pin::pin!(made);
                while let Some(Ok(made)) = made.next().await {
                    if to_upload.send(made).await.is_err() {
                        break;
                    }
                }
            }
        });

        let mut summary = Summary::default();
        let uploads = receive(resized)
            .map(|(item, thumbnails): (Item, _)| {
                let (client, remote, watch) = (&client, remote, watch);
                async move {
                    let outcome = watch.upload(client, remote, &item, thumbnails).await;
                    (item.id, outcome)
                }
            })
            .buffer_unordered(knobs.limit);
        let mut uploads = std::pin::pin!(uploads);
        while let Some((id, outcome)) = uploads.next().await {
            watch.done(&mut summary, id, outcome);
        }
        // Both stages ended when their input did (their senders are gone by now).
        download.await.expect("the download stage panicked");
        resize.await.expect("the resize stage panicked");
        summary
    })
}
// ANCHOR_END: pipeline

// ANCHOR: batch
/// Data parallelism in three rounds: download all (async, `limit` at a time), resize
/// all (rayon, every core), upload all (async). Simple and fast, but every image of the
/// batch is in memory at once, and each round waits for the slowest item of the last.
pub fn batch(remote: &Remote, items: &[Item], knobs: Knobs, watch: &Watch) -> Summary {
    let runtime = runtime(knobs.cores);
    let client = remote.client();
    let downloaded: Vec<(Item, Result<Vec<u8>, Failure>)> = runtime.block_on(
        stream::iter(items.iter().cloned())
            .map(|item| async {
                let bytes = watch.download(&client, remote, &item).await;
                (item, bytes)
            })
            .buffer_unordered(knobs.limit)
            .collect(),
    );
    let resized: Vec<(Item, Result<Thumbnails, Failure>)> = downloaded
        .into_par_iter()
        .map(|(item, bytes)| {
            let thumbnails = watch.resize(item.id, bytes);
            (item, thumbnails)
        })
        .collect();
    runtime.block_on(async {
        let mut summary = Summary::default();
        let client = &client;
        let mut uploads = stream::iter(resized)
            .map(|(item, thumbnails)| async move {
                let outcome = watch.upload(client, remote, &item, thumbnails).await;
                (item.id, outcome)
            })
            .buffer_unordered(knobs.limit);
        while let Some((id, outcome)) = uploads.next().await {
            watch.done(&mut summary, id, outcome);
        }
        summary
    })
}
// ANCHOR_END: batch

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use delay_server::{Config, DelayServer};

    use super::*;
    use crate::work;

    fn remote(server: &delay_server::ServerThread) -> Remote {
        Remote {
            base: server.url("").trim_end_matches('/').to_string(),
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn the_pipeline_holds_no_more_images_than_its_bounds() {
        let server = DelayServer::start_blocking(Config::default()).expect("the server starts");
        let items = work::batch(60, 24, 18, false);
        let knobs = Knobs {
            limit: 2,
            capacity: 1,
            threads: 2,
            cores: 2,
        };
        let watch = Watch::new(ProgressBar::hidden());
        let summary = pipeline(&remote(&server), &items, knobs, &watch);
        assert_eq!(summary.ok.len(), 60, "{:?}", summary.failed);
        // Each async stage holds at most `limit`, each channel `capacity`, the resize
        // stage `cores`: 2·2 + 2·1 + 2.
        let bound = 2 * knobs.limit + 2 * knobs.capacity + knobs.cores;
        assert!(
            watch.max_held() <= bound,
            "{} images held at once, over the bound of {bound}",
            watch.max_held()
        );
        assert!(
            server.stats().max_in_flight <= 2 * knobs.limit as u64,
            "downloads and uploads over their limits: {:?}",
            server.stats()
        );
    }

    #[test]
    fn every_version_accounts_for_every_item_of_a_bad_batch() {
        let config = Config {
            max_stall: Duration::from_millis(300),
            ..Config::default()
        };
        let server = DelayServer::start_blocking(config).expect("the server starts");
        let mut remote = remote(&server);
        remote.timeout = Duration::from_millis(200);
        let items = work::batch(8, 24, 18, true);
        for (name, run) in [
            (
                "sequential",
                sequential as fn(&Remote, &[Item], &Watch) -> Summary,
            ),
            ("threads", |r, i, w| threads(r, i, KNOBS, w)),
            ("async", |r, i, w| async_everywhere(r, i, KNOBS, w)),
            ("pipeline", |r, i, w| pipeline(r, i, KNOBS, w)),
            ("batch", |r, i, w| batch(r, i, KNOBS, w)),
        ] {
            let watch = Watch::new(ProgressBar::hidden());
            let summary = run(&remote, &items, &watch);
            let mut failed: Vec<u64> = summary.failed.iter().map(|f| f.id).collect();
            failed.sort_unstable();
            assert_eq!(failed, [3, 4, 6, 7], "{name}: {summary:?}");
            assert_eq!(summary.ok.len(), 4, "{name}: {summary:?}");
        }
    }

    const KNOBS: Knobs = Knobs {
        limit: 3,
        capacity: 2,
        threads: 3,
        cores: 2,
    };
}
