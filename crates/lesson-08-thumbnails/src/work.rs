//! The job, stage by stage: what one image goes through, and how a failure is kept.
//!
//! Every version of the thumbnail maker calls these same functions; they differ only in
//! *where* and *when* they call them. Each stage comes twice where it does IO: `async`
//! (for the versions on a tokio runtime) and blocking (for the versions on plain threads).

use std::fmt;
use std::io::Cursor;
use std::time::Duration;

use image::ImageFormat;
use image::imageops::FilterType;

/// The sides of the thumbnails made from each image.
pub const SIDES: [u32; 3] = [96, 192, 384];

/// How often a stage tries before it gives up on an item, when the failure may pass
/// (a 5xx answer, a broken connection, a timeout). A 4xx or a corrupt image is never retried.
pub const ATTEMPTS: u32 = 2;

/// One image of the batch: its id and the path it is downloaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: u64,
    pub path: String,
    /// Query string for its uploads (`?fail=1` makes the server refuse them).
    pub upload_query: String,
}

/// A batch of images of `width` × `height`. With `bad` set, four of them go wrong in
/// four ways: a body that is not an image, a 404, an upload the server refuses
/// (retried, then reported), an upload that stalls (timed out, retried, reported).
pub fn batch(images: usize, width: u32, height: u32, bad: bool) -> Vec<Item> {
    (1..=images as u64)
        .map(|id| {
            let image = format!("/image/{id}.png?w={width}&h={height}");
            let (path, upload_query) = match (bad, id % 8) {
                (true, 3) => (format!("/bytes/{}", 2000 + id), String::new()),
                (true, 4) => (format!("/image/gone/{id}.png"), String::new()),
                (true, 6) => (image, "?fail=1".to_string()),
                (true, 7) => (image, "?stall=1".to_string()),
                _ => (image, String::new()),
            };
            Item {
                id,
                path,
                upload_query,
            }
        })
        .collect()
}

/// The stage where an item failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Download,
    Resize,
    Upload,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Download => "download",
            Stage::Resize => "resize",
            Stage::Upload => "upload",
        })
    }
}

/// Why one item failed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    pub id: u64,
    pub stage: Stage,
    pub reason: String,
    pub attempts: u32,
}

/// Every item of a batch, in exactly one of the two lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub ok: Vec<u64>,
    pub failed: Vec<Failure>,
    /// Bytes of thumbnails uploaded.
    pub uploaded_bytes: u64,
}

impl Summary {
    pub fn record(&mut self, id: u64, outcome: Result<u64, Failure>) {
        match outcome {
            Ok(bytes) => {
                self.ok.push(id);
                self.uploaded_bytes += bytes;
            }
            Err(failure) => self.failed.push(failure),
        }
    }

    pub fn total(&self) -> usize {
        self.ok.len() + self.failed.len()
    }

    /// "14 ok, 2 failed".
    pub fn counts(&self) -> String {
        format!("{} ok, {} failed", self.ok.len(), self.failed.len())
    }
}

/// A failure of one attempt: whether trying again may help.
#[derive(Debug)]
pub struct Attempt {
    pub reason: String,
    pub retry: bool,
}

impl Attempt {
    fn from_status(what: &str, status: reqwest::StatusCode) -> Self {
        Attempt {
            reason: format!("{what} answered {status}"),
            // A 4xx means the request itself is wrong: asking again gets the same answer.
            retry: status.is_server_error(),
        }
    }

    fn from_error(what: &str, err: &reqwest::Error) -> Self {
        let why = if err.is_timeout() {
            "timed out".to_string()
        } else if err.is_connect() {
            "cannot connect".to_string()
        } else {
            // reqwest's outer message is short ("error sending request"); the cause says why.
            let mut why = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(inner) = source {
                why = inner.to_string();
                source = inner.source();
            }
            why
        };
        Attempt {
            reason: format!("{what}: {why}"),
            retry: true,
        }
    }
}

/// The thumbnails of one image, as PNG files.
#[derive(Debug, Clone)]
pub struct Thumbnails {
    pub files: Vec<(String, Vec<u8>)>,
}

// ANCHOR: resize
/// Decodes `bytes`, makes one thumbnail per side in [`SIDES`], encodes each as PNG.
///
/// CPU-bound and blocking: tens of milliseconds per image. A body that is not an image
/// (or a broken one) is an error, never a panic: the `image` crate returns `Err` for it.
pub fn resize(id: u64, bytes: &[u8]) -> Result<Thumbnails, String> {
    let picture = image::load_from_memory(bytes).map_err(|err| {
        let err = err.to_string();
        let mut chars = err.chars();
        let lower: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        format!("not an image we can read ({} bytes): {lower}", bytes.len())
    })?;
    let mut files = Vec::with_capacity(SIDES.len());
    for side in SIDES {
        // Lanczos3 is the slow, sharp filter: the CPU-heavy part of the job, on purpose.
        let small = picture.resize(side, side, FilterType::Lanczos3);
        let mut png = Cursor::new(Vec::new());
        small
            .write_to(&mut png, ImageFormat::Png)
            .map_err(|err| format!("cannot encode a thumbnail: {err}"))?;
        files.push((format!("{id}-{side}.png"), png.into_inner()));
    }
    Ok(Thumbnails { files })
}
// ANCHOR_END: resize

/// Tries `attempt` up to [`ATTEMPTS`] times while its failure says a retry may help.
pub async fn retry_async<T, F, Fut>(id: u64, stage: Stage, mut attempt: F) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Attempt>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(failed) if failed.retry && tries < ATTEMPTS => continue,
            Err(failed) => {
                return Err(Failure {
                    id,
                    stage,
                    reason: failed.reason,
                    attempts: tries,
                });
            }
        }
    }
}

/// [`retry_async`] for the blocking versions.
pub fn retry_blocking<T>(
    id: u64,
    stage: Stage,
    mut attempt: impl FnMut() -> Result<T, Attempt>,
) -> Result<T, Failure> {
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt() {
            Ok(value) => return Ok(value),
            Err(failed) if failed.retry && tries < ATTEMPTS => continue,
            Err(failed) => {
                return Err(Failure {
                    id,
                    stage,
                    reason: failed.reason,
                    attempts: tries,
                });
            }
        }
    }
}

/// Where the batch is: the server's base URL (no trailing slash) and the clients.
#[derive(Debug, Clone)]
pub struct Remote {
    pub base: String,
    pub timeout: Duration,
}

impl Remote {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// How long a download may take. Longer than an upload's: the server draws and
    /// encodes each picture on demand, two at a time, so a download may queue behind
    /// several others (more so in a debug build or on a busy machine).
    pub fn download_timeout(&self) -> Duration {
        self.timeout.saturating_mul(10)
    }

    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .build()
            // Building a plain-HTTP client fails only if the system cannot give it a
            // resolver or a TLS backend; this client has neither to set up.
            .expect("the http client builds")
    }

    pub fn blocking_client(&self) -> reqwest::blocking::Client {
        reqwest::blocking::Client::builder()
            // The blocking client has a 30 s timeout of its own by default; each
            // request below sets the one it needs.
            .timeout(None)
            .build()
            .expect("the blocking http client builds")
    }
}

/// Downloads one image (async).
pub async fn download(
    client: &reqwest::Client,
    remote: &Remote,
    item: &Item,
) -> Result<Vec<u8>, Failure> {
    let url = remote.url(&item.path);
    retry_async(item.id, Stage::Download, || async {
        let response = client
            .get(&url)
            .timeout(remote.download_timeout())
            .send()
            .await
            .map_err(|err| Attempt::from_error(&item.path, &err))?;
        if !response.status().is_success() {
            return Err(Attempt::from_status(&item.path, response.status()));
        }
        let body = response
            .bytes()
            .await
            .map_err(|err| Attempt::from_error(&item.path, &err))?;
        Ok(body.to_vec())
    })
    .await
}

/// Downloads one image (blocking).
pub fn download_blocking(
    client: &reqwest::blocking::Client,
    remote: &Remote,
    item: &Item,
) -> Result<Vec<u8>, Failure> {
    let url = remote.url(&item.path);
    retry_blocking(item.id, Stage::Download, || {
        let response = client
            .get(&url)
            .timeout(remote.download_timeout())
            .send()
            .map_err(|err| Attempt::from_error(&item.path, &err))?;
        if !response.status().is_success() {
            return Err(Attempt::from_status(&item.path, response.status()));
        }
        let body = response
            .bytes()
            .map_err(|err| Attempt::from_error(&item.path, &err))?;
        Ok(body.to_vec())
    })
}

/// Uploads an image's thumbnails, one request each (async); returns the bytes sent.
pub async fn upload(
    client: &reqwest::Client,
    remote: &Remote,
    item: &Item,
    thumbnails: Thumbnails,
) -> Result<u64, Failure> {
    let mut sent = 0;
    for (name, png) in thumbnails.files {
        let path = format!("/upload/{name}{}", item.upload_query);
        let url = remote.url(&path);
        let len = png.len() as u64;
        retry_async(item.id, Stage::Upload, || async {
            let response = client
                .put(&url)
                .body(png.clone())
                .timeout(remote.timeout)
                .send()
                .await
                .map_err(|err| Attempt::from_error(&path, &err))?;
            if !response.status().is_success() {
                return Err(Attempt::from_status(&path, response.status()));
            }
            Ok(())
        })
        .await?;
        sent += len;
    }
    Ok(sent)
}

/// Uploads an image's thumbnails (blocking); returns the bytes sent.
pub fn upload_blocking(
    client: &reqwest::blocking::Client,
    remote: &Remote,
    item: &Item,
    thumbnails: Thumbnails,
) -> Result<u64, Failure> {
    let mut sent = 0;
    for (name, png) in thumbnails.files {
        let path = format!("/upload/{name}{}", item.upload_query);
        let url = remote.url(&path);
        let len = png.len() as u64;
        retry_blocking(item.id, Stage::Upload, || {
            let response = client
                .put(&url)
                .body(png.clone())
                .timeout(remote.timeout)
                .send()
                .map_err(|err| Attempt::from_error(&path, &err))?;
            if !response.status().is_success() {
                return Err(Attempt::from_status(&path, response.status()));
            }
            Ok(())
        })?;
        sent += len;
    }
    Ok(sent)
}

/// Resizes and records a failure as the resize stage's.
pub fn resize_item(id: u64, bytes: &[u8]) -> Result<Thumbnails, Failure> {
    resize(id, bytes).map_err(|reason| Failure {
        id,
        stage: Stage::Resize,
        reason,
        attempts: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_body_is_an_error_not_a_panic() {
        for body in [
            &b""[..],
            b"<html>404</html>",
            b"\x89PNG\r\n\x1a\n truncated",
            &[0xff, 0xd8, 0xff, 0x00],
        ] {
            let err = resize(1, body).expect_err("not an image");
            assert!(err.starts_with("not an image we can read"), "{err}");
        }
    }

    #[test]
    fn a_good_image_gives_one_thumbnail_per_side() {
        let picture = delay_server::images::test_image(5, 400, 300);
        let png = delay_server::images::encode(&picture, delay_server::images::Format::Png)
            .expect("encodes");
        let made = resize(5, &png).expect("resizes");
        assert_eq!(made.files.len(), SIDES.len());
        let small = image::load_from_memory(&made.files[0].1).expect("a png");
        assert_eq!((small.width(), small.height()), (96, 72));
    }

    #[test]
    fn a_bad_batch_has_one_item_of_each_kind_per_eight() {
        let items = batch(8, 64, 48, true);
        assert!(items[2].path.starts_with("/bytes/"));
        assert!(items[3].path.starts_with("/image/gone/"));
        assert_eq!(items[5].upload_query, "?fail=1");
        assert_eq!(items[6].upload_query, "?stall=1");
        assert!(
            batch(8, 64, 48, false)
                .iter()
                .all(|i| i.upload_query.is_empty())
        );
    }
}
