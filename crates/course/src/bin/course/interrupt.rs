//! Ctrl-C that stops what the runner started.
//!
//! The runner starts cargo in a process group of its own (see `course::testrun`), so the
//! SIGINT a terminal sends on Ctrl-C does not reach it: left alone, the runner would die
//! and cargo would build on behind the learner's back. So the runner catches SIGINT
//! itself and stops the check, which kills cargo's whole group, then ends. (In watch mode
//! on a terminal, raw mode turns Ctrl-C into a key press instead, handled as `q`.)
//!
//! On Windows, Ctrl-C reaches every process attached to the console, cargo included, so
//! there is nothing to add there.

/// Calls `handler` on a thread of its own each time SIGINT arrives. From then on SIGINT
/// no longer ends the process: `handler` decides what happens.
#[cfg(unix)]
pub fn on_ctrl_c(handler: impl Fn() + Send + 'static) -> anyhow::Result<()> {
    use signal_hook::consts::SIGINT;
    use signal_hook::iterator::Signals;

    let mut signals = Signals::new([SIGINT])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            handler();
        }
    });
    Ok(())
}

#[cfg(not(unix))]
pub fn on_ctrl_c(_handler: impl Fn() + Send + 'static) -> anyhow::Result<()> {
    Ok(())
}

/// The exit code of a command stopped by Ctrl-C: 128 + SIGINT's number, as a shell
/// reports a process that SIGINT ended.
pub const EXIT_CODE: u8 = 130;
