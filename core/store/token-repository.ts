/** API tokens: only their sha256 is stored; the plaintext is shown once at creation. */
import type { Kysely } from 'kysely';
import type { Database, Role } from './schema.js';

export interface TokenIdentity {
  id: number;
  name: string;
  role: Role;
}

export class TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(name: string, role: Role, tokenSha256: string): Promise<TokenIdentity> {
    const row = await this.db
      .insertInto('tokens')
      .values({ name, role, token_sha256: tokenSha256, created_at: new Date().toISOString(), revoked_at: null })
      .returning(['id', 'name', 'role'])
      .executeTakeFirstOrThrow();
    return row;
  }

  /** The live (not revoked) token with this hash, if any. */
  async findActive(tokenSha256: string): Promise<TokenIdentity | undefined> {
    return this.db
      .selectFrom('tokens')
      .select(['id', 'name', 'role'])
      .where('token_sha256', '=', tokenSha256)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async revoke(id: number): Promise<boolean> {
    const r = await this.db
      .updateTable('tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
