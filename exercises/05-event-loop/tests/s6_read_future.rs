//! Step 6: a readiness-based read. Try the read first; only on `WouldBlock` leave the
//! waker with the pipe and return `Pending`. The pipe, like epoll in edge-triggered
//! mode, wakes a reader only when it *becomes* readable.

mod support;

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use event_loop::pipe::Pipe;
use event_loop::runtime::{block_on, spawn};
use event_loop::s6_read_future::read;
use support::{CountingWaker, within};

#[test]
fn data_already_there_is_read_at_once() {
    within("polling read never returned", || {
        exercise_support::guide();
        let pipe = Pipe::new();
        pipe.write(b"hi");
        let (_, waker) = CountingWaker::new();
        let mut buf = [0; 8];
        let mut r = pin!(read(&pipe, &mut buf));
        match r.as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(Ok(2)) => {}
            Poll::Pending => panic!(
                "read returned Pending although 2 bytes were waiting: the pipe is \
                 edge-triggered and will not say \"readable\" again, so this task would \
                 wait for ever. Try the read first; wait only on WouldBlock"
            ),
            other => panic!("read of 2 waiting bytes gave {other:?}, expected Ready(Ok(2))"),
        }
        assert_eq!(&buf[..2], b"hi");
    });
}

#[test]
fn an_empty_pipe_waits_and_its_waker_is_called_when_data_arrives() {
    within(
        "polling read of an empty pipe never returned: poll must not wait or retry the read \
         in a loop; on WouldBlock leave the waker with the pipe and return Pending",
        || {
            exercise_support::guide();
            let pipe = Pipe::new();
            let (counter, waker) = CountingWaker::new();
            let mut cx = Context::from_waker(&waker);
            let mut buf = [0; 8];
            let mut r = pin!(read(&pipe, &mut buf));
            match r.as_mut().poll(&mut cx) {
                Poll::Pending => {}
                Poll::Ready(Err(err)) if err.kind() == std::io::ErrorKind::WouldBlock => panic!(
                    "read returned Ready(Err(WouldBlock)) on an empty pipe: WouldBlock is not an \
                 error for a future, it means \"not yet\": leave the waker with the pipe and \
                 return Pending"
                ),
                other => panic!("read of an empty pipe gave {other:?}, expected Pending"),
            }
            assert_eq!(
                counter.count(),
                0,
                "read returned Pending and woke its own task while the pipe was still empty: \
             the loop polls it again at once, and again, as long as nothing arrives (busy \
             waiting). Leave the waker with the pipe (`wake_when_readable`), and let the \
             pipe wake it"
            );
            pipe.write(b"later");
            assert_eq!(
                counter.count(),
                1,
                "read returned Pending without leaving its waker with the pipe: nobody will \
             ever wake the task. Call `wake_when_readable(cx.waker())` before returning \
             Pending"
            );
            match r.as_mut().poll(&mut cx) {
                Poll::Ready(Ok(5)) => {}
                other => panic!("after the wake, read gave {other:?}, expected Ready(Ok(5))"),
            }
        },
    );
}

#[test]
fn a_closed_pipe_reads_zero() {
    within("polling read never returned", || {
        exercise_support::guide();
        let pipe = Pipe::new();
        pipe.close();
        let (_, waker) = CountingWaker::new();
        let mut buf = [0; 8];
        let mut r = pin!(read(&pipe, &mut buf));
        match r.as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(Ok(0)) => {}
            other => panic!("a closed, empty pipe reads Ok(0) (the end), not {other:?}"),
        }
    });
}

#[test]
fn a_reader_task_and_a_writer_task_on_the_loop() {
    let got = within(
        "the reader never finished: read waited for a readiness that had already come \
         (try the read first), never left its waker with the pipe, or retried in a loop \
         inside poll",
        || {
            exercise_support::guide();
            block_on(async {
                let pipe = Pipe::new();
                let got = Rc::new(RefCell::new(Vec::new()));
                let (reader_pipe, reader_got) = (pipe.clone(), Rc::clone(&got));
                spawn(async move {
                    let mut buf = [0; 3];
                    loop {
                        match read(&reader_pipe, &mut buf).await {
                            Ok(0) => break,
                            Ok(n) => reader_got.borrow_mut().extend_from_slice(&buf[..n]),
                            Err(err) => panic!("read failed: {err}"),
                        }
                    }
                });
                // The writer: a word at a time, letting the reader run in between.
                for word in [&b"one "[..], b"two ", b"three"] {
                    pipe.write(word);
                    event_loop_yield().await;
                }
                pipe.close();
                while !Rc::strong_count(&got).eq(&1) {
                    event_loop_yield().await;
                }
                got.take()
            })
        },
    );
    assert_eq!(String::from_utf8_lossy(&got), "one two three");
}

/// A yield of our own (step 4's is yours to write, and this step must not depend on it).
async fn event_loop_yield() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await;
}
