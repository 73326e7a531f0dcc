/**
 * Where model versions live: `models/<name>/<version>/` (model.json, weights.bin, meta.json, card.md),
 * several versions side by side, and `models/registry.json` naming the default one.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NotFoundError, ValidationError, invalidParameter } from '../../core/errors.js';

/** The `models/` directory of this checkout. */
export const MODELS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REGISTRY_FILE = path.join(MODELS_ROOT, 'registry.json');

const registrySchema = z.object({
  default: z.object({ name: z.string(), version: z.string() }),
});

export interface ModelRef {
  name: string;
  version: string;
}

/** Reads the default model named in `models/registry.json`. */
export function defaultModelRef(registryFile = REGISTRY_FILE): ModelRef {
  if (!existsSync(registryFile)) throw new NotFoundError(`Model registry not found: ${registryFile}`);
  return registrySchema.parse(JSON.parse(readFileSync(registryFile, 'utf8'))).default;
}

/**
 * Resolves a model spec to its version directory.
 * @param spec `''` or undefined: the registry default; `<name>`: the registry default when it has that
 *   name, else the newest version on disk; `<name>@<version>`: exactly that version.
 * @throws ValidationError for a malformed spec; NotFoundError when the version directory is missing,
 *   listing the versions that do exist.
 * @example resolveModelDir('tile-anomaly@1.0.0') // <repo>/models/tile-anomaly/1.0.0
 */
export function resolveModelDir(spec?: string, root = MODELS_ROOT): string {
  const ref = parseSpec(spec, root);
  const dir = path.join(root, ref.name, ref.version);
  if (!existsSync(dir)) {
    const known = listVersions(ref.name, root);
    const hint = known.length > 0 ? `available versions: ${known.join(', ')}` : `no versions of "${ref.name}" exist`;
    throw new NotFoundError(`Model ${ref.name}@${ref.version} not found in ${root} (${hint})`);
  }
  return dir;
}

function parseSpec(spec: string | undefined, root: string): ModelRef {
  const fallback = () => defaultModelRef(path.join(root, 'registry.json'));
  if (!spec) return fallback();
  const match = /^([a-z0-9-]+)(?:@(\d+\.\d+\.\d+))?$/.exec(spec);
  if (!match) throw new ValidationError(invalidParameter('model', '"<name>" or "<name>@<major.minor.patch>"', spec));
  if (match[2]) return { name: match[1], version: match[2] };
  const preset = fallback();
  if (preset.name === match[1]) return preset;
  const versions = listVersions(match[1], root);
  if (versions.length === 0) throw new NotFoundError(`Model ${match[1]} not found in ${root}`);
  return { name: match[1], version: versions[versions.length - 1] };
}

/** Versions of a model present on disk, oldest first (numeric semver order). */
export function listVersions(name: string, root = MODELS_ROOT): string[] {
  const dir = path.join(root, name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort(compareVersions);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
