//! The synchronous count: a blocking wait, one count after another.

use std::time::Duration;

use crate::transcript::Transcript;

// ANCHOR: count_sync
/// Says "One", blocks this thread for `delay`, says "Two".
pub fn count(name: &str, delay: Duration, out: &Transcript) {
    out.say(format!("{name}: One"));
    let blocked = out.blocked(name); // only draws the timeline
    std::thread::sleep(delay); // the thread can do nothing else meanwhile
    drop(blocked);
    out.say(format!("{name}: Two"));
}

/// Runs `n` counts one after another: `n × delay` in all.
pub fn run_sequential(n: usize, delay: Duration, out: &Transcript) {
    for i in 1..=n {
        count(&format!("count {i}"), delay, out);
    }
}
// ANCHOR_END: count_sync
