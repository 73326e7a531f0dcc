/**
 * Streams a `multipart/form-data` scan upload: the `manifest` part is buffered (small), the `high`
 * and `low` images are staged to the blob store while hashed, so image bytes never sit in memory.
 * On any error every staged file is discarded: a rejected upload writes nothing.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../core/errors.js';
import type { BlobStore, StagedBlob } from '../../core/store/blob-store.js';

const MAX_MANIFEST_BYTES = 64 * 1024;
const IMAGE_PARTS = new Set(['high', 'low']);

export interface ScanUpload {
  manifestText: string;
  high: StagedBlob;
  low: StagedBlob | null;
}

/**
 * @throws UnsupportedMediaTypeError (415) when the request is not multipart/form-data
 * @throws ValidationError (400) for unknown, repeated or missing parts
 * @throws PayloadTooLargeError (413) when a part exceeds its size limit
 */
export async function readScanUpload(req: Request, blobs: BlobStore, maxImageBytes: number): Promise<ScanUpload> {
  if (!req.is('multipart/form-data')) {
    throw new UnsupportedMediaTypeError(`Expected multipart/form-data but received ${req.headers['content-type'] ?? 'no content type'}`);
  }
  const staged = new Map<string, StagedBlob>();
  const pending: Promise<void>[] = [];
  const openStreams = new Set<NodeJS.ReadableStream & { destroy(err?: Error): void }>();
  let manifestText: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({
        headers: req.headers,
        limits: { files: 3, fields: 2, parts: 4, fieldSize: MAX_MANIFEST_BYTES, fileSize: Math.max(maxImageBytes, MAX_MANIFEST_BYTES) + 1 },
      });
      // Stop reading, and end in-flight image streams so their staging promises settle.
      const fail = (err: Error) => {
        req.unpipe(parser);
        req.resume();
        for (const s of openStreams) s.destroy(err);
        reject(err);
      };
      const acceptManifest = (text: string, truncated: boolean) => {
        if (manifestText !== undefined) return fail(new ValidationError('Expected one manifest part but received several', 'manifest'));
        if (truncated) return fail(new PayloadTooLargeError(`Expected a manifest of at most ${MAX_MANIFEST_BYTES} bytes`, 'manifest'));
        manifestText = text;
      };
      parser.on('field', (name, value, info) => {
        if (name !== 'manifest') return fail(new ValidationError(`Unexpected form field ${JSON.stringify(name)}`, name));
        acceptManifest(value, info.valueTruncated);
      });
      parser.on('file', (name, stream) => {
        if (name === 'manifest') {
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_MANIFEST_BYTES) chunks.push(c);
          });
          stream.on('end', () => acceptManifest(Buffer.concat(chunks).toString('utf8'), size > MAX_MANIFEST_BYTES));
          return;
        }
        if (!IMAGE_PARTS.has(name) || staged.has(name)) {
          stream.resume();
          return fail(new ValidationError(`Unexpected or repeated part ${JSON.stringify(name)}`, name));
        }
        openStreams.add(stream);
        stream.on('close', () => openStreams.delete(stream));
        // Fail the upload as soon as the limit is crossed, before stream teardown can raise other errors.
        const tooLarge = () => {
          const err = new PayloadTooLargeError(`Expected at most ${maxImageBytes} bytes for ${name}`, name);
          fail(err);
          return err;
        };
        // Settles either way: a failed stage (e.g. too large) ends the whole upload at once.
        pending.push(
          blobs.stage(stream, maxImageBytes, tooLarge).then(
            (blob) => void staged.set(name, blob),
            (err: Error) => fail(err),
          ),
        );
      });
      parser.on('partsLimit', () => fail(new ValidationError('Expected at most the parts manifest, high and low')));
      parser.on('filesLimit', () => fail(new ValidationError('Expected at most the parts manifest, high and low')));
      parser.on('error', (err: Error) => fail(new ValidationError(`Malformed multipart body: ${err.message}`)));
      parser.on('close', () => resolve());
      req.pipe(parser);
    });
    await Promise.all(pending);
  } catch (err) {
    await Promise.all(pending);
    await Promise.all([...staged.values()].map((b) => blobs.discard(b)));
    throw err;
  }
  const high = staged.get('high');
  const low = staged.get('low') ?? null;
  if (manifestText === undefined || !high) {
    await Promise.all([...staged.values()].map((b) => blobs.discard(b)));
    throw new ValidationError(`Expected a ${manifestText === undefined ? 'manifest' : 'high'} part`, manifestText === undefined ? 'manifest' : 'high');
  }
  return { manifestText, high, low };
}
