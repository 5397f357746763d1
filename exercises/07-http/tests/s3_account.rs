//! Step 3: a dozen requests, some of which the delay server fails (`fail=1`: a 500),
//! cuts off (`drop=1`), never answers (`stall=1`) or refuses (a bad path: a 400). The
//! report must hold each of them exactly once, with the right reason.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use http_calls::s3_account::{Failure, Record, check_all};
use support::{bounded, client, server};

const TIMEOUT: Duration = Duration::from_millis(500);

/// What each kind of url should give.
fn expected(kind: &str) -> Result<u16, Failure> {
    match kind {
        "ok" => Ok(200),
        "fail" => Err(Failure::Status(500)),
        "drop" => Err(Failure::Broken),
        "stall" => Err(Failure::TimedOut),
        "bad" => Err(Failure::Status(400)),
        _ => unreachable!(),
    }
}

fn path(kind: &str) -> &'static str {
    match kind {
        "ok" => "/delay/50",
        "fail" => "/delay/50?fail=1",
        "drop" => "/delay/50?drop=1",
        "stall" => "/delay/50?stall=1",
        "bad" => "/delay/later",
        _ => unreachable!(),
    }
}

const KINDS: [&str; 12] = [
    "ok", "fail", "ok", "drop", "stall", "ok", "bad", "fail", "ok", "drop", "ok", "stall",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_is_accounted_for_once_with_its_reason() {
    let server = server().await;
    let urls: Vec<String> = KINDS.iter().map(|kind| server.url(path(kind))).collect();
    let records: Vec<Record> = bounded(
        "check_all",
        "a request without a timeout waits for a stalled server (give each one `timeout`)",
        check_all(&client(), &urls, 4, TIMEOUT),
    )
    .await;

    let mut seen: BTreeMap<usize, Vec<&Record>> = BTreeMap::new();
    for record in &records {
        seen.entry(record.index).or_default().push(record);
    }
    for (index, kind) in KINDS.iter().enumerate() {
        match seen.get(&index).map(Vec::len) {
            None => panic!(
                "index {index} (a '{kind}' url) is missing from the report: every request \
                 gets a record, the failed ones too (a `filter_map(Result::ok)` or an early \
                 `?` loses them)"
            ),
            Some(1) => {}
            Some(n) => panic!(
                "index {index} (a '{kind}' url) is in the report {n} times: {:?}. Each \
                 request ends one way, so it gets exactly one record",
                seen[&index]
            ),
        }
        let got = &seen[&index][0].outcome;
        let want = expected(kind);
        assert_eq!(
            got, &want,
            "index {index} is a '{kind}' url: expected {want:?}, got {got:?}. A 2xx is \
             `Ok(status)`; any other status is `Failure::Status`; an error for which \
             `is_timeout()` is true is `TimedOut` (give each request `timeout`); any other \
             error is `Broken`"
        );
    }
    let extra: Vec<usize> = seen.keys().copied().filter(|i| *i >= KINDS.len()).collect();
    assert!(
        extra.is_empty(),
        "the report has records for indexes {extra:?}, but there are only {} urls",
        KINDS.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checks_overlap_within_the_limit() {
    let server = server().await;
    let urls: Vec<String> = (0..9).map(|_| server.url("/delay/300")).collect();
    let records = bounded(
        "check_all",
        "is it waiting on something that never comes?",
        check_all(&client(), &urls, 3, Duration::from_secs(5)),
    )
    .await;
    assert_eq!(records.len(), 9, "one record per url");
    let mark = server.stats().max_in_flight;
    assert_eq!(
        mark, 3,
        "the server had at most {mark} requests at once with a limit of 3: 1 means one at \
         a time (use `buffer_unordered(limit)`), more than 3 means the limit was ignored"
    );
}
