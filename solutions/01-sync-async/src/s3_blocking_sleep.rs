//! Step 3: find and fix the blocking call inside async code.

use std::time::Duration;

/// Waits for a (simulated) sensor, then returns its reading: `id * 10`.
pub async fn read_sensor(id: u32, wait: Duration) -> u32 {
    // `tokio::time::sleep` hands the thread back to the runtime while it waits;
    // `std::thread::sleep` would hold the thread and stall every other task on it.
    tokio::time::sleep(wait).await;
    id * 10
}
