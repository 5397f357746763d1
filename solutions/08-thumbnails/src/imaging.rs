//! Given: the CPU-bound part of the thumbnail maker (decode, resize, encode).

use std::fmt;
use std::io::Cursor;
use std::thread::{self, ThreadId};

use image::ImageFormat;
use image::imageops::FilterType;

/// One thumbnail: a PNG that fits in a `side` × `side` square.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    pub side: u32,
    pub width: u32,
    pub height: u32,
    pub png: Vec<u8>,
    /// The thread that made it: the tests use it to see where the CPU work ran.
    pub made_on: ThreadId,
}

/// Why an image could not be turned into thumbnails (a corrupt or non-image body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResizeError(pub String);

impl fmt::Display for ResizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResizeError {}

/// Decodes `image` (PNG or JPEG) and makes one thumbnail per side in `sides`.
///
/// Pure CPU work that takes milliseconds to hundreds of milliseconds: call it where
/// blocking is allowed, never on an async runtime's own threads. A body that is not an
/// image is an error, never a panic.
pub fn make_thumbnails(image: &[u8], sides: &[u32]) -> Result<Vec<Thumbnail>, ResizeError> {
    let picture = image::load_from_memory(image)
        .map_err(|err| ResizeError(format!("not an image we can read: {err}")))?;
    sides
        .iter()
        .map(|&side| {
            // `resize` keeps the aspect ratio: the result fits in side × side.
            let small = picture.resize(side.max(1), side.max(1), FilterType::Triangle);
            let mut png = Cursor::new(Vec::new());
            small
                .write_to(&mut png, ImageFormat::Png)
                .map_err(|err| ResizeError(format!("cannot encode a thumbnail: {err}")))?;
            Ok(Thumbnail {
                side,
                width: small.width(),
                height: small.height(),
                png: png.into_inner(),
                made_on: thread::current().id(),
            })
        })
        .collect()
}
