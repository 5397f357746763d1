//! Wrong: checks the deadline only between steps, so a slow step runs to its end before anyone notices
//! Expect: checking the clock between steps is too late
//! Step 5: one deadline shared by a sequence of steps (connect, ask, read, say): the
//! whole sequence gets `budget`, not each step.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

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
    let deadline = Instant::now() + budget;
    let mut outputs = Vec::with_capacity(steps.len());
    for step in steps {
        // Looks at the clock before each step, but lets the step itself run unbounded.
        if Instant::now() >= deadline {
            return Err(OutOfTime {
                completed: outputs.len(),
                budget,
            });
        }
        outputs.push(step.await);
    }
    if Instant::now() > deadline {
        return Err(OutOfTime {
            completed: outputs.len(),
            budget,
        });
    }
    Ok(outputs)
}
// ANCHOR_END: mistake
