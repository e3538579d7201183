//! Reading the picture: PNG or JPEG only, refused above a pixel limit before any pixel is
//! decoded, truncated files named as such, EXIF orientation applied, transparency composited
//! over white paper.

use std::io::Cursor;

use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb, RgbImage,
};

use crate::seal::error::{Cause, Result, SealImageError};

/// Decodes a PNG or JPEG, refusing pictures with more than `max_pixels` pixels before any
/// pixel is decoded (the size comes from the header, and the decoder runs under
/// [`image::Limits`] so that a decompression bomb cannot allocate more than the limit allows).
/// The JPEG EXIF orientation is applied.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage> {
    let reader = || -> Result<ImageReader<Cursor<&[u8]>>> {
        let r = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| SealImageError::Unreadable {
                source: Cause::new(e),
            })?;
        match r.format() {
            Some(ImageFormat::Png | ImageFormat::Jpeg) => Ok(r),
            _ => Err(SealImageError::NotAnImage),
        }
    };
    // 8 bytes per pixel covers the widest layout these decoders produce (16-bit RGBA),
    // plus room for the decoders' own buffers.
    let max_alloc = max_pixels.saturating_mul(8).saturating_add(64 << 20);
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_alloc);

    let mut probe = reader()?;
    if probe.format() == Some(ImageFormat::Jpeg) && !jpeg_has_end(bytes) {
        // The JPEG decoder fills missing scan data with grey instead of failing.
        return Err(SealImageError::TruncatedJpeg);
    }
    probe.limits(limits.clone());
    let (w, h) = probe.into_dimensions().map_err(decode_error)?;
    check_pixels(w, h, max_pixels)?;
    if w == 0 || h == 0 {
        return Err(SealImageError::Empty {
            width: w,
            height: h,
        });
    }

    let side = u32::try_from(max_pixels).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    let mut r = reader()?;
    r.limits(limits);
    let mut decoder = r.into_decoder().map_err(decode_error)?;
    if decoder.total_bytes() > max_alloc {
        return Err(SealImageError::TooLarge {
            width: w,
            height: h,
            max_pixels,
        });
    }
    let orientation = decoder.orientation().map_err(decode_error)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Whether a JPEG's last scan is followed by the end-of-image marker (FF D9). Inside
/// entropy-coded data every FF byte is followed by 00 or a restart marker, so FF D9 after
/// the last start-of-scan (FF DA) is the real end, not a false match; an embedded EXIF
/// thumbnail comes before the main image and does not count.
fn jpeg_has_end(bytes: &[u8]) -> bool {
    let last_sos = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_sos {
        Some(i) => bytes[i..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}

/// [`decode`] for callers that work in `crate::error` terms (the PDF layer's seal images,
/// an authorization letter): the same refusals, carried as typed errors.
pub fn decode_limited(bytes: &[u8], max_pixels: u64) -> crate::error::Result<DynamicImage> {
    Ok(decode(bytes, max_pixels)?)
}

/// Refuses a picture of `w` × `h` pixels when that is more than `max_pixels`.
pub(crate) fn check_pixels(w: u32, h: u32, max_pixels: u64) -> Result<()> {
    if u64::from(w) * u64::from(h) > max_pixels {
        Err(SealImageError::TooLarge {
            width: w,
            height: h,
            max_pixels,
        })
    } else {
        Ok(())
    }
}

fn decode_error(e: ImageError) -> SealImageError {
    match e {
        ImageError::Limits(_) => SealImageError::TooLargeToDecode {
            source: Cause::new(e),
        },
        ImageError::Unsupported(_) => SealImageError::Unsupported {
            source: Cause::new(e),
        },
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            SealImageError::Truncated
        }
        other => SealImageError::Corrupt {
            source: Cause::new(other),
        },
    }
}

/// Drops alpha by compositing over white (a transparent PNG of a seal has a white "paper");
/// greyscale and 16-bit pictures are converted.
pub(super) fn to_rgb_over_white(img: &DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(p[3]);
        let mix = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        *o = Rgb([mix(p[0]), mix(p[1]), mix(p[2])]);
    }
    out
}
