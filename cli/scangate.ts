/**
 * The `scangate` command line:
 *   start                                   API + worker processes on the embedded defaults
 *   token create --role R --name N          issue a token (printed once)
 *   token revoke --id N                     revoke a token
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { issueToken } from '../core/auth/tokens.js';
import { loadConfig, type ScangateConfig } from '../core/config.js';
import { openRuntime } from '../core/runtime.js';
import { ROLES, type Role } from '../core/store/schema.js';
import { ensureRedis } from './ensure-redis.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runTs(entry: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], { stdio: 'inherit', env: process.env });
}

async function start(config: ScangateConfig): Promise<void> {
  fs.mkdirSync(config.DATA_DIR, { recursive: true });
  const redis = await ensureRedis(config.REDIS_URL, config.DATA_DIR);
  if (redis) console.log(`started a local redis-server for ${config.REDIS_URL} (no persistence)`);
  // Migrate once before the processes race for the schema.
  await (await openRuntime(config)).close();
  const children = [runTs('service/main.ts'), ...Array.from({ length: config.WORKER_PROCESSES }, () => runTs('workers/main.ts'))];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
    setTimeout(() => {
      redis?.kill('SIGTERM');
      process.exit(code);
    }, 1500).unref();
  };
  for (const child of children) child.once('exit', (code) => stop(code ?? 1));
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
}

async function token(config: ScangateConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } } });
  const runtime = await openRuntime(config);
  try {
    if (positionals[0] === 'create') {
      const role = values.role as Role;
      if (!ROLES.includes(role)) throw new Error(`Expected --role ${ROLES.join('|')} but received ${values.role}`);
      const name = values.name ?? `${role}-${Date.now()}`;
      const { token: secret, identity } = await issueToken(runtime.tokens, name, role);
      await runtime.audit.record({ actor: 'cli', action: 'token.issued', detail: { id: identity.id, name, role } });
      console.error(`token ${identity.id} (${role}, ${name}); it is shown only this once:`);
      console.log(secret);
    } else if (positionals[0] === 'revoke') {
      const ok = await runtime.tokens.revoke(Number(values.id));
      if (!ok) throw new Error(`No live token ${values.id}`);
      await runtime.audit.record({ actor: 'cli', action: 'token.revoked', detail: { id: Number(values.id) } });
      console.error(`token ${values.id} revoked`);
    } else {
      throw new Error('Expected "token create --role R --name N" or "token revoke --id N"');
    }
  } finally {
    await runtime.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  const config = loadConfig();
  if (command === 'start') await start(config);
  else if (command === 'token') await token(config, rest);
  else throw new Error('Usage: scangate start | token create --role station|inspector|engineer|admin --name NAME | token revoke --id N');
} catch (err) {
  console.error(`scangate: ${(err as Error).message}`);
  process.exit(1);
}
