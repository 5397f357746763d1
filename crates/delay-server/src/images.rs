//! Generated test images: the "photos" the capstone's thumbnail maker downloads.
//!
//! Each id gives its own picture (a diagonal gradient between two colours, crossed by
//! rings around a point), and the same id always gives the same picture, so a test can
//! compare a thumbnail with one it made itself from [`test_image`].

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};

use crate::mix::splitmix64;

/// The size of `/image/{id}.png` when `w` and `h` are not given.
pub const DEFAULT_WIDTH: u32 = 640;
pub const DEFAULT_HEIGHT: u32 = 480;

/// The encodings the server offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
}

impl Format {
    /// The format a file extension names: `png`, `jpg` or `jpeg`.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }
}

/// The test image for `id`, `width` × `height` pixels (each side at least 1).
pub fn test_image(id: u64, width: u32, height: u32) -> RgbImage {
    let (width, height) = (width.max(1), height.max(1));
    let seed = splitmix64(id);
    let place = splitmix64(seed);
    let channel = |shift: u32| (seed >> shift) as u8;
    let from = [channel(0), channel(8), channel(16)];
    let to = [channel(24), channel(32), channel(40)];
    let centre_x = (place % u64::from(width)) as f32;
    let centre_y = ((place >> 32) % u64::from(height)) as f32;
    let ring_width = 6.0 + (seed >> 56) as f32 % 24.0;
    let diagonal = (width + height) as f32;

    RgbImage::from_fn(width, height, |x, y| {
        let t = (x + y) as f32 / diagonal;
        let (dx, dy) = (x as f32 - centre_x, y as f32 - centre_y);
        let ring = ((dx * dx + dy * dy).sqrt() / ring_width) as u32;
        let on_ring = ring.is_multiple_of(2);
        Rgb(std::array::from_fn(|c| {
            let blend = f32::from(from[c]) * (1.0 - t) + f32::from(to[c]) * t;
            // Rings darken the gradient, so edges survive resizing and show in thumbnails.
            let value = if on_ring { blend * 0.45 } else { blend };
            value as u8
        }))
    })
}

/// Encodes an image as PNG or JPEG bytes.
pub fn encode(image: &RgbImage, format: Format) -> Result<Vec<u8>, image::ImageError> {
    let mut bytes = Cursor::new(Vec::new());
    let format = match format {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
    };
    image.write_to(&mut bytes, format)?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_id_gives_the_same_image() {
        assert_eq!(test_image(7, 40, 30), test_image(7, 40, 30));
        assert_ne!(test_image(7, 40, 30), test_image(8, 40, 30));
    }

    #[test]
    fn the_size_is_as_asked_and_never_zero() {
        assert_eq!(test_image(1, 33, 17).dimensions(), (33, 17));
        assert_eq!(test_image(1, 0, 0).dimensions(), (1, 1));
    }

    #[test]
    fn png_round_trips_exactly() {
        let image = test_image(3, 24, 16);
        let bytes = encode(&image, Format::Png).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(decoded, image);
    }

    #[test]
    fn jpeg_decodes_to_the_same_size() {
        let bytes = encode(&test_image(3, 24, 16), Format::Jpeg).unwrap();
        assert_eq!(&bytes[..2], [0xff, 0xd8]);
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (24, 16));
    }
}
