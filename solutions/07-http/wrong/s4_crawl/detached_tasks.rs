//! Wrong: spawns a task per page and returns when the queue is empty, with fetches still running
//! Expect: requests were still running when crawl returned

use std::collections::{BTreeMap, HashSet, VecDeque};

use futures::StreamExt;
use futures::stream::FuturesUnordered;

/// The links on a page: the test site writes one absolute URL per line, after a title.
pub fn links(body: &str) -> Vec<String> {
    body.lines()
        .map(str::trim)
        .filter(|line| line.starts_with("http://"))
        .map(String::from)
        .collect()
}

// ANCHOR: mistake
/// Fetches every page reachable from `start`, each once, at most `limit` at a time.
pub async fn crawl(
    client: &reqwest::Client,
    start: &str,
    limit: usize,
) -> BTreeMap<String, Vec<String>> {
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(limit));
    let mut seen = HashSet::from([start.to_string()]);
    let mut queue = VecDeque::from([start.to_string()]);
    let mut pages = BTreeMap::new();
    loop {
        while let Some(url) = queue.pop_front() {
            let (client, done, permits) = (client.clone(), done_tx.clone(), permits.clone());
            // Detached: nobody awaits this task; it runs on after `crawl` returns.
            tokio::spawn(async move {
                let _permit = permits.acquire_owned().await;
                let body = match client.get(&url).send().await {
                    Ok(response) if response.status().is_success() => response.text().await.ok(),
                    _ => None,
                };
                let _ = done.send((url, body));
            });
        }
        // Waits for one page, then stops as soon as the queue is empty, whatever runs.
        let Some((url, body)) = done_rx.recv().await else {
            break;
        };
        let Some(body) = body else { continue };
        let found = links(&body);
        for link in &found {
            if seen.insert(link.clone()) {
                queue.push_back(link.clone());
            }
        }
        pages.insert(url, found);
        if queue.is_empty() {
            break;
        }
    }
    pages
}
// ANCHOR_END: mistake
