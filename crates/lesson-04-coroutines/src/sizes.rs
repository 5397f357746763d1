//! The compiler turns every `async` block into a state machine like `JumpingRange`: an
//! enum with one variant per `.await` where it can stop, holding what is still needed
//! after that point. `size_of` shows it.

use std::future::Future;
use std::mem::size_of_val;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::generator::jumping_range;
use crate::jumping::JumpingRange;

/// A future that is not ready the first time it is polled: one place to stop.
struct Pause {
    paused: bool,
}

impl Future for Pause {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.paused {
            Poll::Ready(())
        } else {
            self.paused = true;
            // Ask to be polled again right away, as a well-behaved future must.
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

fn pause() -> Pause {
    Pause { paused: false }
}

// ANCHOR: futures
/// Holds nothing across an await: only "where am I" is stored.
async fn counts_to_two() -> u64 {
    let mut n = 0;
    pause().await;
    n += 1;
    pause().await;
    n + 1
}

/// A 1 KiB buffer is used after the await, so it must be stored across it.
async fn keeps_a_buffer() -> u8 {
    let buffer = [7u8; 1024];
    pause().await;
    buffer[1023]
}

/// The same buffer, finished with before the await: only its length survives.
async fn drops_the_buffer_first() -> usize {
    let length = [7u8; 1024].iter().filter(|&&b| b == 7).count();
    pause().await;
    length
}

/// Awaiting another future stores that future, inline, inside this one.
async fn awaits_the_buffer() -> u8 {
    keeps_a_buffer().await
}

/// Unless it is boxed: then only the pointer is stored.
async fn awaits_the_buffer_boxed() -> u8 {
    Box::pin(keeps_a_buffer()).await
}
// ANCHOR_END: futures

/// One row of the table: what was measured, its size in bytes, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub what: &'static str,
    pub bytes: usize,
    pub holds: &'static str,
}

/// The sizes, measured on this build (they can change between compiler versions).
pub fn rows() -> Vec<Row> {
    let range = jumping_range(10);
    vec![
        Row {
            what: "async {}",
            bytes: size_of_val(&async {}),
            holds: "only its state: not started or done",
        },
        Row {
            what: "counts_to_two()",
            bytes: size_of_val(&counts_to_two()),
            holds: "n (u64), the pending pause, which await it is at",
        },
        Row {
            what: "keeps_a_buffer()",
            bytes: size_of_val(&keeps_a_buffer()),
            holds: "a 1 KiB buffer used after its await",
        },
        Row {
            what: "drops_the_buffer_first()",
            bytes: size_of_val(&drops_the_buffer_first()),
            holds: "only the length: the buffer died before the await",
        },
        Row {
            what: "awaits_the_buffer()",
            bytes: size_of_val(&awaits_the_buffer()),
            holds: "the future it awaits, inline",
        },
        Row {
            what: "awaits_the_buffer_boxed()",
            bytes: size_of_val(&awaits_the_buffer_boxed()),
            holds: "a pointer to the boxed future it awaits",
        },
        Row {
            what: "JumpingRange (by hand)",
            bytes: size_of_val(&JumpingRange::new(10)),
            holds: "up_to, and the state enum: index and count",
        },
        Row {
            what: "jumping_range() body",
            bytes: range.body_size(),
            holds: "up_to, index, count, co, and the pending yield_",
        },
        Row {
            what: "Gen (its handle)",
            bytes: size_of_val(&range),
            holds: "two pointers: the shared slot and the boxed body",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(what: &str) -> usize {
        rows()
            .into_iter()
            .find(|row| row.what == what)
            .unwrap_or_else(|| panic!("no row {what}"))
            .bytes
    }

    // Exact sizes depend on the compiler; these relations are what the chapter claims.
    #[test]
    fn what_is_held_across_an_await_is_what_takes_room() {
        assert!(size("async {}") <= 8);
        assert!(size("keeps_a_buffer()") > 1024);
        assert!(size("drops_the_buffer_first()") < 64);
        assert!(size("awaits_the_buffer()") >= size("keeps_a_buffer()"));
        assert!(size("awaits_the_buffer_boxed()") < 64);
    }

    #[test]
    fn the_futures_do_what_their_names_say() {
        let poll = |future: Pin<&mut dyn Future<Output = usize>>| {
            let mut cx = Context::from_waker(std::task::Waker::noop());
            let mut future = future;
            loop {
                if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                    return out;
                }
            }
        };
        assert_eq!(
            poll(std::pin::pin!(async { counts_to_two().await as usize })),
            2
        );
        assert_eq!(
            poll(std::pin::pin!(async { keeps_a_buffer().await as usize })),
            7
        );
        assert_eq!(poll(std::pin::pin!(drops_the_buffer_first())), 1024);
        assert_eq!(
            poll(std::pin::pin!(async { awaits_the_buffer().await as usize })),
            7
        );
        assert_eq!(
            poll(std::pin::pin!(async {
                awaits_the_buffer_boxed().await as usize
            })),
            7
        );
    }
}
