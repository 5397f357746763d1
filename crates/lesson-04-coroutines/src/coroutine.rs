//! What a coroutine hands back each time it is resumed.

// ANCHOR: state
/// The answer to one `resume`: the coroutine either stopped at a `yield` with a value,
/// or ran off its end with a result. (Nightly Rust's `std::ops::CoroutineState` has the
/// same two variants; Python says the second one by raising `StopIteration(result)`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoroutineState<Y, R> {
    /// Suspended at a yield point; resume it again to go on.
    Yielded(Y),
    /// Finished; its local state is gone.
    Complete(R),
}
// ANCHOR_END: state
