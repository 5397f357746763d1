//! Wrong: moves the blocking sleep to `spawn_blocking`: the runtime's thread is free, but a pool thread sleeps for nothing and tokio's clock never sees the wait
//! Expect: Waiting has an async version

use std::time::Duration;

// ANCHOR: mistake
pub async fn read_sensor(id: u32, wait: Duration) -> u32 {
    tokio::task::spawn_blocking(move || std::thread::sleep(wait))
        .await
        .expect("the sleep does not panic");
    id * 10
}
// ANCHOR_END: mistake
