//! An answer's body that keeps its request counted in flight until the body is done.
//!
//! A handler returns the status and headers, but the body may still be on its way: a
//! 64 MiB `/bytes` answer streams for as long as the client takes to read it. Counting
//! the request out when the handler returns would say "0 in flight" during the whole
//! download, so the in-flight guard moves into the body and leaves with it.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::body::Body;
use hyper::body::{Bytes, Frame, SizeHint};

use crate::stats::InFlight;

/// `inner`, plus the guard that counts its request in flight.
pub(crate) struct Counted {
    inner: Body,
    /// Dropped as soon as the body has ended (or failed). If it never ends because the
    /// client goes away, the server drops the whole body, and the guard with it.
    guard: Option<InFlight>,
}

impl Counted {
    pub(crate) fn new(inner: Body, guard: InFlight) -> Self {
        Self {
            inner,
            guard: Some(guard),
        }
    }
}

impl hyper::body::Body for Counted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        // `Body` is a boxed body, so it is `Unpin` and can be polled through `&mut`.
        let frame = ready!(Pin::new(&mut self.inner).poll_frame(cx));
        let finished = match &frame {
            None | Some(Err(_)) => true,
            Some(Ok(_)) => self.inner.is_end_stream(),
        };
        if finished {
            // The last bytes are handed over: the request is done, even if the server
            // keeps this value a little longer before dropping it.
            self.guard = None;
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        // Passed through, so an exact length still becomes a `content-length` header.
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use futures::StreamExt;
    use http_body_util::BodyExt;
    use hyper::body::Body as _;

    use super::*;
    use crate::stats::Counters;

    fn in_flight(counters: &Counters) -> u64 {
        counters.snapshot().in_flight
    }

    #[tokio::test]
    async fn the_request_stays_in_flight_until_the_body_ends() {
        let counters = Arc::new(Counters::default());
        let chunks = futures::stream::iter(["ab", "cd"]).map(Ok::<_, axum::Error>);
        let mut body = Counted::new(Body::from_stream(chunks), counters.enter());
        assert_eq!(in_flight(&counters), 1);
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!((&first[..], in_flight(&counters)), (&b"ab"[..], 1));
        body.frame().await.unwrap().unwrap();
        // A stream only knows it has ended when asked once more.
        assert!(body.frame().await.is_none());
        assert_eq!(in_flight(&counters), 0);
    }

    #[tokio::test]
    async fn a_full_body_counts_out_with_its_only_frame() {
        let counters = Arc::new(Counters::default());
        let mut body = Counted::new(Body::from("done"), counters.enter());
        assert_eq!(
            body.size_hint().exact(),
            Some(4),
            "the length shows through"
        );
        body.frame().await.unwrap().unwrap();
        assert_eq!(in_flight(&counters), 0, "no need to wait for the drop");
    }

    #[test]
    fn a_body_dropped_half_way_counts_out() {
        let counters = Arc::new(Counters::default());
        let body = Counted::new(Body::from("never read"), counters.enter());
        assert_eq!(in_flight(&counters), 1);
        drop(body);
        assert_eq!(in_flight(&counters), 0);
    }
}
