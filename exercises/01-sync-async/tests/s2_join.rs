//! Step 2: the dashboard needs a user (300 ms) and their orders (500 ms); fetched
//! concurrently they take 500 ms, the longer of the two, not the 800 ms sum.

mod support;

use std::time::Duration;

use support::bounded;
use sync_async::s2_join::{ORDERS_LATENCY, USER_LATENCY, fetch_orders, fetch_user, load_dashboard};
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn the_dashboard_takes_the_longer_wait_not_the_sum() {
    let start = Instant::now();
    bounded("load_dashboard", load_dashboard(7)).await;
    let took = start.elapsed();
    let longer = ORDERS_LATENCY.max(USER_LATENCY);
    assert!(
        took >= longer && took < longer + Duration::from_millis(50),
        "load_dashboard took {took:?} of virtual time; concurrently it takes {longer:?} \
         ({:?} means the two fetches ran one after the other)",
        ORDERS_LATENCY + USER_LATENCY
    );
}

#[tokio::test(start_paused = true)]
async fn the_dashboard_holds_the_right_user_and_orders() {
    let dashboard = bounded("load_dashboard", load_dashboard(7)).await;
    assert_eq!(dashboard.user, fetch_user(7).await);
    assert_eq!(dashboard.orders, fetch_orders(7).await);
}
