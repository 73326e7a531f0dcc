/**
 * Content-addressed blob store on the filesystem: a blob lives at `<root>/<aa>/<sha256>`.
 * Writes stream to a temporary file while hashing, then rename atomically, so a reader never
 * sees a half-written blob and identical uploads share one file.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  bytes: number;
}

/** An upload written and hashed but not yet in the store. */
export interface StagedBlob extends StoredBlob {
  tmpPath: string;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export class BlobStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  /** Where the blob with this hash lives. @throws Error for a malformed hash. */
  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`malformed blob hash ${JSON.stringify(sha256)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /**
   * Streams `source` to a staging file while hashing, aborting past `maxBytes` with `onTooLarge()`'s
   * error. Nothing is visible in the store until `commit`; rejected uploads are `discard`ed.
   * @throws whatever `onTooLarge` returns when the stream exceeds the limit; the staging file is removed.
   */
  async stage(source: Readable, maxBytes: number, onTooLarge: () => Error): Promise<StagedBlob> {
    const tmpPath = path.join(this.root, 'tmp', randomUUID());
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) return done(onTooLarge());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tmpPath));
    } catch (err) {
      await fsp.rm(tmpPath, { force: true });
      throw err;
    }
    return { tmpPath, sha256: hash.digest('hex'), bytes };
  }

  /** Moves a staged blob into the store (atomic rename; identical content lands on the same file). */
  async commit(staged: StagedBlob): Promise<StoredBlob> {
    await this.adopt(staged.tmpPath, staged.sha256);
    return { sha256: staged.sha256, bytes: staged.bytes };
  }

  async discard(staged: StagedBlob): Promise<void> {
    await fsp.rm(staged.tmpPath, { force: true });
  }

  /** Stores an in-memory buffer (worker outputs such as heatmaps). */
  async putBuffer(data: Buffer): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const tmp = path.join(this.root, 'tmp', randomUUID());
    await fsp.writeFile(tmp, data);
    await this.adopt(tmp, sha256);
    return { sha256, bytes: data.length };
  }

  async read(sha256: string): Promise<Buffer> {
    return fsp.readFile(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return fsp.access(this.pathOf(sha256)).then(() => true, () => false);
  }

  private async adopt(tmp: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(tmp, target);
  }
}
