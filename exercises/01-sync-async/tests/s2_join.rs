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
         ({:?} means the two fetches ran one after the other). Creating a future does not \
         start it: `let a = fetch_user(..); let b = fetch_orders(..);` then `a.await` and \
         `b.await` still waits for one, then the other. Await both together",
        ORDERS_LATENCY + USER_LATENCY
    );
}

#[tokio::test(start_paused = true)]
async fn the_dashboard_holds_the_right_user_and_orders() {
    let dashboard = bounded("load_dashboard", load_dashboard(7)).await;
    assert_eq!(
        dashboard.user,
        fetch_user(7).await,
        "the dashboard's user is what fetch_user gives"
    );
    assert_eq!(
        dashboard.orders,
        fetch_orders(7).await,
        "the dashboard's orders are what fetch_orders gives"
    );
}
