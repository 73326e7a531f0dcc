/**
 * Opens the Scangate database and brings its schema up to date. SQLite (better-sqlite3) is the
 * embedded default; repositories only see `Kysely<Database>`, so another dialect can follow.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from './migrations.js';
import type { Database } from './schema.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Opens (creating if needed) the SQLite file at `dbPath` and applies pending migrations.
 * WAL mode and a busy timeout let the API and worker processes write the same file.
 * @throws Error when a migration fails, naming it.
 */
export async function openDatabase(dbPath: string): Promise<Kysely<Database>> {
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const sqlite = new SQLite(dbPath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    await db.destroy();
    throw new Error(`Database migration ${failed} failed: ${String(error)}`);
  }
  return db;
}
