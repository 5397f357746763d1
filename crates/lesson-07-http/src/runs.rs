//! The same `n` requests, five ways: one after another, a thread each, a bounded pool of
//! threads, and concurrently on tokio, unbounded and bounded.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};

use futures::StreamExt;
use kit::timeline::Timeline;
use reqwest::Url;

use crate::measure::{Gauge, Outcome};

/// What every run is given.
pub struct Job<'a> {
    pub url: &'a Url,
    pub n: usize,
    /// Each request's own limit (connect, send, answer).
    pub timeout: Duration,
    /// The whole run's limit: requests not started (threads) or not finished (async) by
    /// then are reported as `Deadline`, so the demo never hangs on a stalling server.
    pub overall: Duration,
    pub gauge: &'a Gauge,
    pub timeline: &'a Timeline,
}

fn blocking_client(timeout: Duration) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .expect("a plain-http client always builds")
}

pub fn async_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .expect("a plain-http client always builds")
}

/// One blocking GET, counted and drawn.
fn get_blocking(job: &Job<'_>, client: &reqwest::blocking::Client, i: usize) -> Outcome {
    let _span = job.timeline.wait(format!("req {i:03}"));
    let _in = job.gauge.enter();
    // ANCHOR: blocking_get
    let result = client.get(job.url.clone()).send().and_then(|response| {
        let status = response.status().as_u16();
        response.bytes().map(|_| status)
    });
    // ANCHOR_END: blocking_get
    Outcome::from_reqwest(result)
}

/// One after another on this thread: `n` waits in a row.
pub fn sequential(job: &Job<'_>) -> Vec<Outcome> {
    let client = blocking_client(job.timeout);
    let start = Instant::now();
    // ANCHOR: sequential
    (0..job.n)
        .map(|i| {
            if start.elapsed() > job.overall {
                return Outcome::Deadline;
            }
            get_blocking(job, &client, i)
        })
        .collect()
    // ANCHOR_END: sequential
}

/// A thread per request: all `n` in flight, `n` stacks and `n` threads.
pub fn thread_per_request(job: &Job<'_>) -> Vec<Outcome> {
    let client = blocking_client(job.timeout);
    // ANCHOR: threads
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..job.n)
            .map(|i| {
                let client = &client;
                s.spawn(move || get_blocking(job, client, i))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Outcome::Broken))
            .collect()
    })
    // ANCHOR_END: threads
}

/// `workers` threads take the next request number until none is left.
pub fn pool(job: &Job<'_>, workers: usize) -> Vec<Outcome> {
    let client = blocking_client(job.timeout);
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![Outcome::Deadline; job.n]);
    let start = Instant::now();
    // ANCHOR: pool
    std::thread::scope(|s| {
        for _ in 0..workers.min(job.n) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, SeqCst);
                    if i >= job.n || start.elapsed() > job.overall {
                        break;
                    }
                    let outcome = get_blocking(job, &client, i);
                    results.lock().unwrap()[i] = outcome;
                }
            });
        }
    });
    // ANCHOR_END: pool
    results.into_inner().unwrap()
}

/// One async GET, counted and drawn.
async fn get_async(job: &Job<'_>, client: &reqwest::Client, i: usize) -> Outcome {
    let _span = job.timeline.wait(format!("req {i:03}"));
    let _in = job.gauge.enter();
    let result = async {
        let response = client.get(job.url.clone()).send().await?;
        let status = response.status().as_u16();
        response.bytes().await.map(|_| status)
    }
    .await;
    Outcome::from_reqwest(result)
}

/// Runs `requests` (which writes into `slots`) under the overall deadline: a request
/// that has not finished by then keeps its `Deadline` outcome, so none goes missing.
async fn under_deadline(job: &Job<'_>, requests: impl std::future::Future<Output = ()>) {
    let _ = tokio::time::timeout(job.overall, requests).await;
}

/// All at once on a tokio runtime: one future per request.
pub fn tokio_unbounded(job: &Job<'_>, runtime: &tokio::runtime::Runtime) -> Vec<Outcome> {
    let client = async_client(job.timeout);
    let slots = Mutex::new(vec![Outcome::Deadline; job.n]);
    runtime.block_on(under_deadline(job, async {
        // ANCHOR: unbounded
        futures::future::join_all((0..job.n).map(|i| {
            let (client, slots) = (&client, &slots);
            async move {
                let outcome = get_async(job, client, i).await;
                slots.lock().unwrap()[i] = outcome;
            }
        }))
        .await;
        // ANCHOR_END: unbounded
    }));
    slots.into_inner().unwrap()
}

/// At most `limit` at once on a tokio runtime.
pub fn tokio_bounded(
    job: &Job<'_>,
    runtime: &tokio::runtime::Runtime,
    limit: usize,
) -> Vec<Outcome> {
    let client = async_client(job.timeout);
    let slots = Mutex::new(vec![Outcome::Deadline; job.n]);
    runtime.block_on(under_deadline(job, async {
        // ANCHOR: bounded
        futures::stream::iter(0..job.n)
            .map(|i| {
                let client = &client;
                async move { (i, get_async(job, client, i).await) }
            })
            .buffer_unordered(limit)
            .for_each(|(i, outcome)| {
                slots.lock().unwrap()[i] = outcome;
                async {}
            })
            .await;
        // ANCHOR_END: bounded
    }));
    slots.into_inner().unwrap()
}
