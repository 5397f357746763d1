//! Wrong: calls the blocking library straight from async code, holding the runtime's only thread while it waits
//! Expect: the device never answered

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tokio::sync::Notify;

/// How long the legacy library waits for its device before giving up.
pub const DEVICE_PATIENCE: Duration = Duration::from_millis(500);

/// A device driven by someone else: it answers a request with a reading.
#[derive(Debug)]
pub struct Device {
    /// Rung by the library when it asks for a reading.
    pub requests: Arc<Notify>,
    /// Where the device's answers arrive.
    pub answers: Receiver<u32>,
}

/// The device did not answer within [`DEVICE_PATIENCE`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoAnswer;

/// A synchronous library call we cannot change: it asks the device for a reading, then
/// blocks its thread until the device answers or [`DEVICE_PATIENCE`] runs out.
pub fn legacy_read(device: &Device) -> Result<u32, NoAnswer> {
    device.requests.notify_one();
    device
        .answers
        .recv_timeout(DEVICE_PATIENCE)
        .map_err(|_: RecvTimeoutError| NoAnswer)
}

// ANCHOR: mistake
/// Reads the device from async code, keeping the runtime's thread free meanwhile.
pub async fn read_device(device: Device) -> Result<u32, NoAnswer> {
    legacy_read(&device)
}
// ANCHOR_END: mistake
