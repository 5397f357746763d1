//! Wrong: creates both futures, then awaits them in turn, as if creating a future started it
//! Expect: Creating a future does not start it

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

// ANCHOR: mistake
/// Loads both parts of the dashboard concurrently: 500 ms in all, not 800.
pub async fn load_dashboard(user_id: u32) -> Dashboard {
    // The Python habit: both "started" first, then awaited. A Rust future starts
    // only when awaited, so the orders' wait begins after the user's has ended.
    let user = fetch_user(user_id);
    let orders = fetch_orders(user_id);
    Dashboard {
        user: user.await,
        orders: orders.await,
    }
}
// ANCHOR_END: mistake
