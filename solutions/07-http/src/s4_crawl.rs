//! Step 4: a small crawler. Start from one page, follow its links, fetch every page it
//! can reach exactly once, at most `limit` at a time, and return only when it is done.

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

/// Fetches `start` and every page reachable from it through [`links`], each exactly once,
/// with at most `limit` requests in flight (and up to `limit` whenever enough pages are
/// known and not yet fetched). Returns each fetched page's URL with the links on it.
/// When it returns, none of its requests is still running. Pages that fail are left out.
pub async fn crawl(
    client: &reqwest::Client,
    start: &str,
    limit: usize,
) -> BTreeMap<String, Vec<String>> {
    // ANCHOR: solution
    let fetch = |url: String| async move {
        let body = match client.get(&url).send().await {
            Ok(response) if response.status().is_success() => response.text().await.ok(),
            _ => None,
        };
        (url, body)
    };
    // Seen when queued: a page linked from two pages in flight is queued only once.
    let mut seen = HashSet::from([start.to_string()]);
    let mut queue = VecDeque::from([start.to_string()]);
    let mut running = FuturesUnordered::new();
    let mut pages = BTreeMap::new();
    loop {
        while running.len() < limit.max(1) {
            match queue.pop_front() {
                Some(url) => running.push(fetch(url)),
                None => break,
            }
        }
        // `None` only when nothing is in flight, and the queue is empty too (it was
        // drained into `running` just above): the crawl is done, nothing left running.
        let Some((url, body)) = running.next().await else {
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
    }
    pages
    // ANCHOR_END: solution
}
