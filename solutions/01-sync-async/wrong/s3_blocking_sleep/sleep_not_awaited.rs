//! Wrong: calls tokio's sleep but forgets `.await`: the future is made and dropped, and nothing waits at all
//! Expect: 0 s means the wait never went through tokio's timer

use std::time::Duration;

// ANCHOR: mistake
pub async fn read_sensor(id: u32, wait: Duration) -> u32 {
    // rustc warns: "unused implementer of `Future` that must be used". Heed it.
    #[allow(unused_must_use)]
    {
        tokio::time::sleep(wait);
    }
    id * 10
}
// ANCHOR_END: mistake
