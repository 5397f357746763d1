//! Step 2: wait for two different things at once with `tokio::join!`.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: u32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub id: u32,
    pub total_cents: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub user: User,
    pub orders: Vec<Order>,
}

/// How long the user service takes to answer.
pub const USER_LATENCY: Duration = Duration::from_millis(300);
/// How long the order service takes to answer.
pub const ORDERS_LATENCY: Duration = Duration::from_millis(500);

/// Pretends to ask a user service (300 ms).
pub async fn fetch_user(id: u32) -> User {
    tokio::time::sleep(USER_LATENCY).await;
    User {
        id,
        name: format!("user-{id}"),
    }
}

/// Pretends to ask an order service (500 ms).
pub async fn fetch_orders(user_id: u32) -> Vec<Order> {
    tokio::time::sleep(ORDERS_LATENCY).await;
    (1..=3)
        .map(|i| Order {
            id: user_id * 100 + i,
            total_cents: u64::from(i) * 1_250,
        })
        .collect()
}

/// Loads both parts of the dashboard concurrently: 500 ms in all, not 800.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn load_dashboard(user_id: u32) -> Dashboard {
    // TODO: fetch the user and their orders at the same time. The two futures have
    // different output types, so `join_all` does not fit; `tokio::join!` does.
    todo!("fetch the user and the orders concurrently")
}
