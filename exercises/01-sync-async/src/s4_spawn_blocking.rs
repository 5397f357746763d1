//! Step 4: call a blocking library from async code without stalling the runtime.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long the legacy library waits for its device before giving up.
pub const DEVICE_PATIENCE: Duration = Duration::from_millis(500);

/// A device that answers through a channel, driven by someone else.
#[derive(Debug)]
pub struct Device {
    pub answers: Receiver<u32>,
}

/// The device did not answer within [`DEVICE_PATIENCE`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoAnswer;

/// A synchronous library call we cannot change: it blocks its thread until the device
/// answers or [`DEVICE_PATIENCE`] runs out.
pub fn legacy_read(device: &Device) -> Result<u32, NoAnswer> {
    device
        .answers
        .recv_timeout(DEVICE_PATIENCE)
        .map_err(|_: RecvTimeoutError| NoAnswer)
}

/// Reads the device from async code, keeping the runtime's thread free meanwhile.
pub async fn read_device(device: Device) -> Result<u32, NoAnswer> {
    // TODO: `legacy_read` blocks its thread and cannot be changed. Run it where
    // blocking is allowed, and await the result here without blocking.
    legacy_read(&device)
}
