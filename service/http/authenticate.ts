/**
 * Bearer-token authentication and permission checks. Every route declares the permission it needs;
 * a missing or unknown token is 401, a valid token without the permission is 403.
 */
import type { RequestHandler } from 'express';
import { roleAllows, type Permission } from '../../core/auth/roles.js';
import { resolveToken } from '../../core/auth/tokens.js';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors.js';
import type { TokenIdentity, TokenRepository } from '../../core/store/token-repository.js';

declare module 'express-serve-static-core' {
  interface Request {
    identity?: TokenIdentity;
  }
}

/** Express middleware requiring a live token whose role grants `permission`. */
export function requirePermission(tokens: TokenRepository, permission: Permission): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    if (!match) throw new UnauthenticatedError('Expected an Authorization: Bearer <token> header', 'authorization');
    const identity = await resolveToken(tokens, match[1]!);
    if (!identity) throw new UnauthenticatedError('Unknown or revoked token', 'authorization');
    if (!roleAllows(identity.role, permission)) {
      throw new ForbiddenError(`Role ${identity.role} may not ${permission}`, 'authorization');
    }
    req.identity = identity;
    next();
  };
}

/** The audit name of the caller: "<role>:<token name>". */
export function actorOf(identity: TokenIdentity | undefined): string {
  return identity ? `${identity.role}:${identity.name}` : 'anonymous';
}
