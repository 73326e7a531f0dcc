/**
 * Reading scan images per the domain convention: one 16-bit, single-channel PNG or TIFF per energy.
 * `probeScanImage` reads the header only (ingest answers fast); `decodeScanImage` gives the pixels.
 */
import sharp, { type Metadata } from 'sharp';
import { ImageRejectedError, PayloadTooLargeError, UnanalysableScanError } from '../errors.js';

export interface ImageLimits {
  maxWidth: number;
  maxHeight: number;
}

export interface ScanImageInfo {
  format: 'png' | 'tiff';
  width: number;
  height: number;
}

export interface DecodedScanImage {
  width: number;
  height: number;
  pixels: Uint16Array;
}

/**
 * Checks that the file at `path` is a 16-bit grayscale PNG/TIFF within the pixel limits.
 * @param part the multipart part name, reported as the offending field
 * @throws ImageRejectedError (422) for undecodable images, other formats, bit depths or channel counts
 * @throws PayloadTooLargeError (413) for images beyond the pixel limits
 */
export async function probeScanImage(path: string, part: string, limits: ImageLimits): Promise<ScanImageInfo> {
  let meta: Metadata;
  try {
    meta = await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejectedError(`Expected a decodable PNG or TIFF image for ${part}`, part);
  }
  const { format, width, height, depth, channels } = meta;
  if (format !== 'png' && format !== 'tiff') {
    throw new ImageRejectedError(`Expected a PNG or TIFF image for ${part} but received ${format}`, part);
  }
  if (depth !== 'ushort' || channels !== 1) {
    throw new ImageRejectedError(
      `Expected a 16-bit single-channel image for ${part} but received ${channels} channel(s) of ${depth}`,
      part,
    );
  }
  if (!width || !height || width > limits.maxWidth || height > limits.maxHeight) {
    throw new PayloadTooLargeError(
      `Expected at most ${limits.maxWidth} x ${limits.maxHeight} pixels for ${part} but received ${width} x ${height}`,
      part,
    );
  }
  return { format, width, height };
}

/**
 * Decodes a stored scan image to row-major uint16 pixels.
 * @throws UnanalysableScanError when the stored file cannot be decoded as 16-bit grayscale
 */
export async function decodeScanImage(path: string): Promise<DecodedScanImage> {
  try {
    const { data, info } = await sharp(path, { limitInputPixels: false })
      .toColourspace('grey16')
      .raw({ depth: 'ushort' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`decoded ${info.channels} channels`);
    // Copy into an aligned buffer of its own: sharp's Buffer may sit at an odd offset in a pool.
    const pixels = new Uint16Array(info.width * info.height);
    new Uint8Array(pixels.buffer).set(data.subarray(0, pixels.byteLength));
    return { width: info.width, height: info.height, pixels };
  } catch (err) {
    throw new UnanalysableScanError(`Stored image could not be decoded: ${(err as Error).message}`);
  }
}
