/** Token administration (admin only): issue a token, shown once; revoke one. */
import { Router } from 'express';
import { z } from 'zod';
import { issueToken } from '../../core/auth/tokens.js';
import { NotFoundError } from '../../core/errors.js';
import type { Runtime } from '../../core/runtime.js';
import { ROLES } from '../../core/store/schema.js';
import { actorOf, requirePermission } from '../http/authenticate.js';
import { parseInput } from '../http/parse-input.js';

const newTokenSchema = z.object({ name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), role: z.enum(ROLES) });

export function tokenRoutes(runtime: Runtime): Router {
  const router = Router();
  const guard = requirePermission(runtime.tokens, 'tokens:manage');

  router.post('/tokens', guard, async (req, res) => {
    const body = parseInput(newTokenSchema, req.body ?? {}, 'body');
    const { token, identity } = await issueToken(runtime.tokens, body.name, body.role);
    await runtime.audit.record({ actor: actorOf(req.identity), action: 'token.issued', detail: { id: identity.id, name: identity.name, role: identity.role } });
    res.status(201).json({ ...identity, token });
  });

  router.delete('/tokens/:id', guard, async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || !(await runtime.tokens.revoke(id))) throw new NotFoundError(`No live token ${req.params.id}`, 'id');
    await runtime.audit.record({ actor: actorOf(req.identity), action: 'token.revoked', detail: { id } });
    res.status(204).end();
  });

  return router;
}
