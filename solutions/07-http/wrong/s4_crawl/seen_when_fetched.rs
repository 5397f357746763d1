//! Wrong: marks a page as seen when its fetch comes back, not when it is queued
//! Expect: fetched more than once

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
    let fetch = |url: String| async move {
        let body = match client.get(&url).send().await {
            Ok(response) if response.status().is_success() => response.text().await.ok(),
            _ => None,
        };
        (url, body)
    };
    let mut queue = VecDeque::from([start.to_string()]);
    let mut running = FuturesUnordered::new();
    let mut pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        while running.len() < limit {
            match queue.pop_front() {
                Some(url) => running.push(fetch(url)),
                None => break,
            }
        }
        let Some((url, body)) = running.next().await else {
            break;
        };
        // Seen only once fetched: a page linked from two pages in flight, or queued
        // twice before its first fetch returns, is fetched again.
        seen.insert(url.clone());
        let Some(body) = body else { continue };
        let found = links(&body);
        for link in &found {
            if !seen.contains(link) && !queue.contains(link) {
                queue.push_back(link.clone());
            }
        }
        pages.insert(url, found);
    }
    pages
}
// ANCHOR_END: mistake
