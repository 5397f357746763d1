//! Messages on a pipe: a 4-byte length, then the message encoded with postcard.
//!
//! A pipe is a stream of bytes with no message boundaries, so each message is framed:
//! its length first (little-endian `u32`), then exactly that many bytes. Python's
//! `multiprocessing.connection` does the same with a 4-byte length before each pickle.
//!
//! Why postcard: it is serde-based (any `#[derive(Serialize)]` type goes through), its
//! encoding is compact (variable-length integers, no field names), its wire format is
//! documented and stable since 1.0, and it is small to build. JSON lines would be the
//! readable baseline; the bench measures both.

use std::io::{self, Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The largest message we accept: a corrupt length must not make us allocate gigabytes.
pub const MAX_FRAME: usize = 1 << 30;

// ANCHOR: frame
/// Writes one message; returns how many bytes went down the pipe.
pub fn write_frame<T: Serialize>(out: &mut impl Write, message: &T) -> io::Result<usize> {
    let body = postcard::to_stdvec(message).map_err(io::Error::other)?;
    if body.len() > MAX_FRAME {
        return Err(io::Error::other("message larger than 1 GiB"));
    }
    // MAX_FRAME fits in a u32, so this cannot fail after the check above.
    let len = u32::try_from(body.len()).map_err(io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&body)?;
    // Buffered or not, the other side must see the whole message now.
    out.flush()?;
    Ok(4 + body.len())
}

/// Reads one message; `None` when the pipe was closed between messages.
pub fn read_frame<T: DeserializeOwned>(input: &mut impl Read) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        // The writer closed the pipe (it finished, or died): no more messages.
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(err) => return Err(err),
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::other(format!(
            "frame of {len} bytes is too large"
        )));
    }
    let mut body = vec![0u8; len];
    input.read_exact(&mut body)?;
    postcard::from_bytes(&body)
        .map(Some)
        .map_err(io::Error::other)
}
// ANCHOR_END: frame

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_goes_through_and_the_end_is_none() {
        let mut pipe = Vec::new();
        let sent = write_frame(&mut pipe, &(7u64, "seven".to_string())).unwrap();
        assert_eq!(sent, pipe.len());
        let mut reader = pipe.as_slice();
        let back: Option<(u64, String)> = read_frame(&mut reader).unwrap();
        assert_eq!(back, Some((7, "seven".to_string())));
        assert_eq!(read_frame::<(u64, String)>(&mut reader).unwrap(), None);
    }

    #[test]
    fn a_cut_message_is_an_error_not_a_hang() {
        let mut pipe = Vec::new();
        write_frame(&mut pipe, &vec![1u8; 100]).unwrap();
        pipe.truncate(50);
        assert!(read_frame::<Vec<u8>>(&mut pipe.as_slice()).is_err());
    }

    #[test]
    fn a_huge_length_is_refused() {
        let pipe = u32::MAX.to_le_bytes();
        let err = read_frame::<Vec<u8>>(&mut pipe.as_slice()).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
    }
}
