//! Step 4: the test serves a small web of pages from its own router on 127.0.0.1. Every
//! page answers after 200 ms (time enough for the first fetches to overlap even on a
//! busy machine) and links to three or more others, with cycles. The router counts how
//! often each page was asked for and how many requests it handled at once.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use http_calls::s4_crawl::{crawl, links};
use support::{bounded, client};

/// Pages 0 to 23 are reachable from page 0; page 99 exists but nothing links to it.
const PAGES: u64 = 24;
const LIMIT: usize = 4;

/// The links on page `n`: page 0 links to eight pages at once (so a crawler can fill
/// its limit), every page links on to others, back to earlier pages, and to itself.
fn links_of(n: u64) -> Vec<u64> {
    if n == 0 {
        return (1..=8).collect();
    }
    vec![
        (n * 5 + 3) % PAGES,
        (n * 7 + 1) % PAGES,
        (n + 1) % PAGES,
        n,
        0,
    ]
}

#[derive(Default)]
struct Site {
    hits: Mutex<HashMap<u64, u64>>,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
    base: Mutex<String>,
}

impl Site {
    fn hits(&self) -> HashMap<u64, u64> {
        self.hits.lock().unwrap().clone()
    }
    fn total_hits(&self) -> u64 {
        self.hits().values().sum()
    }
}

/// Counts a request out when dropped, also when the client goes away half way.
struct Leave(Arc<Site>);

impl Drop for Leave {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, SeqCst);
    }
}

async fn page(State(site): State<Arc<Site>>, Path(n): Path<u64>) -> (StatusCode, String) {
    *site.hits.lock().unwrap().entry(n).or_default() += 1;
    let now = site.in_flight.fetch_add(1, SeqCst) + 1;
    site.max_in_flight.fetch_max(now, SeqCst);
    let _leave = Leave(site.clone());
    tokio::time::sleep(Duration::from_millis(200)).await;
    if n >= PAGES && n != 99 {
        return (StatusCode::NOT_FOUND, "no such page".into());
    }
    let base = site.base.lock().unwrap().clone();
    let mut body = format!("page {n}\n");
    for to in links_of(n) {
        body.push_str(&format!("{base}/page/{to}\n"));
    }
    (StatusCode::OK, body)
}

/// Starts the site on 127.0.0.1 and returns its base URL.
async fn site() -> (String, Arc<Site>) {
    exercise_support::guide();
    let site = Arc::new(Site::default());
    let app = Router::new()
        .route("/page/{n}", get(page))
        .with_state(site.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    *site.base.lock().unwrap() = base.clone();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, site)
}

fn url(base: &str, n: u64) -> String {
    format!("{base}/page/{n}")
}

const WHY: &str = "without a set of visited pages, a crawler goes round the cycles for ever";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reachable_page_once_within_the_limit() {
    let (base, site) = site().await;
    let pages = bounded("crawl", WHY, crawl(&client(), &url(&base, 0), LIMIT)).await;

    // Work still running after the return shows up at the server now or a little later.
    let running = site.in_flight.load(SeqCst);
    let hits_at_return = site.total_hits();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let later = site.total_hits() - hits_at_return;
    assert!(
        running == 0 && later == 0,
        "requests were still running when crawl returned ({running} in the server at that \
         moment, {later} more arrived after): a crawl is done when the queue is empty AND \
         no fetch is in flight; await every fetch you start (a detached `tokio::spawn` \
         keeps going after you return)"
    );

    let hits = site.hits();
    let twice: BTreeMap<u64, u64> = hits
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(p, n)| (*p, *n))
        .collect();
    assert!(
        twice.is_empty(),
        "some pages were fetched more than once (page: times): {twice:?}. Mark a url as \
         seen when you queue it, not when its fetch comes back: a page linked from two \
         pages in flight is queued twice otherwise"
    );
    let mark = site.max_in_flight.load(SeqCst);
    assert!(
        mark <= LIMIT as u64,
        "the site had {mark} requests at once, over the limit of {LIMIT}: fetching a whole \
         level (or every link) at once ignores the limit; start a fetch only while fewer \
         than {LIMIT} are in flight"
    );
    assert_eq!(
        mark, LIMIT as u64,
        "the site never had more than {mark} requests at once, though page 0 links to 8 \
         pages and the limit is {LIMIT}: keep {LIMIT} fetches in flight while pages wait"
    );
    let want: BTreeMap<String, Vec<String>> = (0..PAGES)
        .map(|n| {
            let to = links_of(n).into_iter().map(|to| url(&base, to)).collect();
            (url(&base, n), to)
        })
        .collect();
    let missing: Vec<&String> = want.keys().filter(|u| !pages.contains_key(*u)).collect();
    assert!(
        missing.is_empty(),
        "the crawl did not return these reachable pages: {missing:?}"
    );
    assert_eq!(
        pages, want,
        "each page maps to the links on it, as `links` reads them"
    );
    assert!(
        !hits.contains_key(&99),
        "page 99 is not linked from anywhere, yet it was fetched"
    );
}

#[tokio::test]
async fn links_reads_the_absolute_urls() {
    assert_eq!(
        links("page 3\nhttp://a/page/1\n  http://a/page/2  \nnot a link\n"),
        vec!["http://a/page/1".to_string(), "http://a/page/2".to_string()]
    );
}
