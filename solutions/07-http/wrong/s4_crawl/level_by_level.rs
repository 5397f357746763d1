//! Wrong: fetches each whole level of links at once with join_all, ignoring the limit
//! Expect: over the limit of 4

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
    _limit: usize,
) -> BTreeMap<String, Vec<String>> {
    let mut seen = HashSet::from([start.to_string()]);
    let mut level = vec![start.to_string()];
    let mut pages = BTreeMap::new();
    while !level.is_empty() {
        // The whole level at once: page 0's eight links make eight requests together.
        let bodies = futures::future::join_all(level.iter().map(|url| async move {
            match client.get(url).send().await {
                Ok(response) if response.status().is_success() => response.text().await.ok(),
                _ => None,
            }
        }))
        .await;
        let mut next = Vec::new();
        for (url, body) in level.into_iter().zip(bodies) {
            let Some(body) = body else { continue };
            let found = links(&body);
            for link in &found {
                if seen.insert(link.clone()) {
                    next.push(link.clone());
                }
            }
            pages.insert(url, found);
        }
        level = next;
    }
    pages
}
// ANCHOR_END: mistake
