//! Wrong: gives each step a timeout of the whole budget, so the sequence can take far longer than the budget
//! Expect: the budget is for the whole sequence
//! Step 5: one deadline shared by a sequence of steps (connect, ask, read, say): the
//! whole sequence gets `budget`, not each step.

use std::fmt;
use std::future::Future;
use std::time::Duration;

/// The budget ran out: `completed` steps had finished, the one running was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfTime {
    pub completed: usize,
    pub budget: Duration,
}

impl fmt::Display for OutOfTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "out of time after {} step(s): the budget was {:?}",
            self.completed, self.budget
        )
    }
}

impl std::error::Error for OutOfTime {}

// ANCHOR: mistake
/// Runs `steps` one after another within one `budget` for them all; returns every output,
/// or `OutOfTime` the moment the budget is spent (the step running then is cancelled).
pub async fn run_steps<F: Future>(
    steps: Vec<F>,
    budget: Duration,
) -> Result<Vec<F::Output>, OutOfTime> {
    let mut outputs = Vec::with_capacity(steps.len());
    for step in steps {
        // A fresh timeout for every step: each one may take the whole budget.
        match tokio::time::timeout(budget, step).await {
            Ok(output) => outputs.push(output),
            Err(_elapsed) => {
                return Err(OutOfTime {
                    completed: outputs.len(),
                    budget,
                });
            }
        }
    }
    Ok(outputs)
}
// ANCHOR_END: mistake
