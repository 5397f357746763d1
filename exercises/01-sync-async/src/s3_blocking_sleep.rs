//! Step 3: find and fix the blocking call inside async code.

use std::time::Duration;

/// Waits for a (simulated) sensor, then returns its reading: `id * 10`.
pub async fn read_sensor(id: u32, wait: Duration) -> u32 {
    // TODO: this compiles and returns the right number, yet it is a bug. Find what
    // stalls every other task on this thread, and replace it with its async twin.
    std::thread::sleep(wait);
    id * 10
}
