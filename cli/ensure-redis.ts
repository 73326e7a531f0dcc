/**
 * Makes sure Redis answers at REDIS_URL. On a fresh machine without one running, a local
 * `redis-server` (when installed) is started on the URL's port without persistence; otherwise the
 * command exits with instructions.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** True when a Redis server answers PING at host:port within `timeoutMs`. */
export function redisAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH')));
  });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * @returns the redis-server child when this call started one (stop it on exit), else null
 * @throws Error with instructions when Redis is unreachable and cannot be started here
 */
export async function ensureRedis(redisUrl: string, dataDir: string): Promise<ChildProcess | null> {
  const url = new URL(redisUrl);
  const host = url.hostname;
  const port = Number(url.port || 6379);
  if (await redisAnswers(host, port)) return null;
  const installed = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!LOCAL_HOSTS.has(host) || !installed) {
    throw new Error(
      `Redis is not reachable at ${redisUrl}. Start one (Debian/Ubuntu: "sudo apt-get install -y redis-server", ` +
        `macOS: "brew install redis && redis-server") or point REDIS_URL at a running instance.`,
    );
  }
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers('127.0.0.1', port)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`Started redis-server on port ${port} but it did not answer`);
}
