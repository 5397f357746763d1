//! Connection reuse (keep-alive against a new connection per request), and async file
//! IO with `tokio::fs`, shown running on tokio's blocking pool.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::Url;

/// `n` requests one after another with `client`; the time per request.
async fn per_request(client: &reqwest::Client, url: &Url, n: usize) -> (Duration, usize) {
    let start = Instant::now();
    let mut ok = 0;
    for _ in 0..n {
        if let Ok(response) = client.get(url.clone()).send().await
            && response.bytes().await.is_ok()
        {
            ok += 1;
        }
    }
    (start.elapsed() / n.max(1) as u32, ok)
}

/// The same requests on a pooled client (connections kept alive and reused) and on one
/// that keeps no idle connection (a new TCP connection per request).
pub async fn keep_alive(url: &Url, n: usize, timeout: Duration) -> [(String, Duration, usize); 2] {
    // ANCHOR: keepalive
    let pooled = reqwest::Client::builder().timeout(timeout).build();
    // With no idle connection allowed per host, each request's connection is closed
    // after it, and the next request connects again.
    let fresh = reqwest::Client::builder()
        .timeout(timeout)
        .pool_max_idle_per_host(0)
        .build();
    // ANCHOR_END: keepalive
    let (pooled, fresh) = (pooled.expect("builds"), fresh.expect("builds"));
    // One request first on each, so neither pays for a first-time setup in the figure.
    let _ = per_request(&pooled, url, 1).await;
    let _ = per_request(&fresh, url, 1).await;
    let (a, ok_a) = per_request(&pooled, url, n).await;
    let (b, ok_b) = per_request(&fresh, url, n).await;
    [
        ("kept alive (pooled)".into(), a, ok_a),
        ("new connection each".into(), b, ok_b),
    ]
}

/// The names of this process's threads, with how many carry each name.
pub fn thread_names() -> BTreeMap<String, usize> {
    let mut names = BTreeMap::new();
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for task in tasks.flatten() {
            if let Ok(name) = std::fs::read_to_string(task.path().join("comm")) {
                *names.entry(name.trim().to_string()).or_default() += 1;
            }
        }
    }
    names
}

/// Fetches `n` bodies and saves each with `tokio::fs::write` on a current-thread runtime
/// (one thread: this one), then lists the threads that appeared meanwhile.
pub fn save_bodies(url: &Url, n: usize, timeout: Duration) -> anyhow::Result<SaveReport> {
    let dir = std::env::temp_dir().join(format!("lesson-07-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let before = thread_names();
    // ANCHOR: files_runtime
    // One thread runs every task; the threads it starts for blocking work get this name.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_name("tokio-blocking")
        .build()?;
    // ANCHOR_END: files_runtime
    let client = crate::runs::async_client(timeout);
    let start = Instant::now();
    let saved = runtime.block_on(async {
        let saves = (0..n).map(|i| {
            let (client, dir) = (&client, &dir);
            async move {
                let body = client.get(url.clone()).send().await?.bytes().await?;
                // ANCHOR: files_write
                // Looks async, but the file system has no readiness to wait for: tokio
                // hands the write to its blocking pool and awaits the result.
                tokio::fs::write(dir.join(format!("body-{i:03}.txt")), &body).await?;
                // ANCHOR_END: files_write
                anyhow::Ok(body.len())
            }
        });
        futures::future::join_all(saves).await
    });
    let wall = start.elapsed();
    let during = thread_names();
    drop(runtime);
    let _ = std::fs::remove_dir_all(&dir);
    let saved_ok = saved.iter().filter(|r| r.is_ok()).count();
    let blocking = during.get("tokio-blocking").copied().unwrap_or(0);
    Ok(SaveReport {
        saved: saved_ok,
        wall,
        threads_before: before.values().sum(),
        threads_after: during.values().sum(),
        blocking_threads: blocking,
    })
}

pub struct SaveReport {
    pub saved: usize,
    pub wall: Duration,
    pub threads_before: usize,
    pub threads_after: usize,
    pub blocking_threads: usize,
}
