/** Boundary validation: a zod schema failure becomes a 400 naming the failing field path. */
import type { z } from 'zod';
import { ValidationError } from '../../core/errors.js';

/**
 * Parses `value` with `schema`, reporting the first issue under `where` (e.g. "manifest", "query").
 * @throws ValidationError with `field` like "manifest.declaration.hsCodes.0"
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [where, ...issue.path.map(String)].join('.');
  throw new ValidationError(`Invalid ${field}: ${issue.message}`, field);
}
