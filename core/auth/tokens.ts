/**
 * Bearer tokens: 32 random bytes, shown once, stored as sha256. A fast hash is sufficient here
 * because the secret has 256 bits of entropy (no dictionary to attack), and it keeps each
 * request's lookup to one indexed query.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../store/schema.js';
import type { TokenIdentity, TokenRepository } from '../store/token-repository.js';

const TOKEN_PATTERN = /^sg_[a-z]+_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a token for `role` and returns its plaintext (the only time it exists).
 * @example const { token } = await issueToken(tokens, 'huu-nghi-portal-1', 'station')
 */
export async function issueToken(tokens: TokenRepository, name: string, role: Role): Promise<{ token: string; identity: TokenIdentity }> {
  const token = `sg_${role}_${randomBytes(32).toString('base64url')}`;
  const identity = await tokens.insert(name, role, hashToken(token));
  return { token, identity };
}

/** The identity behind a presented token, or undefined for malformed, unknown or revoked ones. */
export async function resolveToken(tokens: TokenRepository, token: string): Promise<TokenIdentity | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  return tokens.findActive(hashToken(token));
}
