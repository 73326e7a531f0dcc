/**
 * Schema migrations, applied in order by Kysely's Migrator. Append new ones; never edit a
 * migration that has shipped.
 */
import type { Kysely, Migration } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('scans')
      .addColumn('scan_id', 'text', (c) => c.primaryKey())
      .addColumn('container_id', 'text', (c) => c.notNull())
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('scanned_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('content_sha256', 'text', (c) => c.notNull())
      .addColumn('manifest_json', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('high_sha256', 'text', (c) => c.notNull())
      .addColumn('low_sha256', 'text')
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('risk_score', 'real')
      .addColumn('lane', 'text')
      .addColumn('reasons_json', 'text')
      .addColumn('findings_json', 'text')
      .addColumn('heatmap_sha256', 'text')
      .addColumn('model_name', 'text')
      .addColumn('model_version', 'text')
      .addColumn('timings_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('failure_reason', 'text')
      .execute();
    await db.schema.createIndex('scans_status_idx').on('scans').columns(['status', 'updated_at']).execute();
    await db.schema.createIndex('scans_risk_idx').on('scans').columns(['risk_score', 'scan_id']).execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('scan_id', 'text')
      .addColumn('detail_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_scan_idx').on('audit_log').column('scan_id').execute();

    await db.schema
      .createTable('decisions')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('scan_id', 'text', (c) => c.notNull().references('scans.scan_id'))
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('inspector', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Scores of candidate models run in shadow mode: stored beside the live result, never deciding lanes. */
const shadowScores: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('shadow_scores')
      .addColumn('scan_id', 'text', (c) => c.notNull().references('scans.scan_id'))
      .addColumn('model_name', 'text', (c) => c.notNull())
      .addColumn('model_version', 'text', (c) => c.notNull())
      .addColumn('scored_at', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('p_value', 'real', (c) => c.notNull())
      .addColumn('lane', 'text', (c) => c.notNull())
      .addColumn('findings_json', 'text', (c) => c.notNull())
      .addColumn('model_ms', 'real', (c) => c.notNull())
      .addPrimaryKeyConstraint('shadow_scores_pk', ['scan_id', 'model_name', 'model_version'])
      .execute();
  },
};

export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-shadow-scores': shadowScores,
};
