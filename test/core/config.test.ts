import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';

describe('configuration', () => {
  it('when nothing is set then the embedded defaults apply and the result is frozen', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8080, REDIS_URL: 'redis://127.0.0.1:6379', YELLOW_P_VALUE: 0.05, RED_P_VALUE: 0.01 });
    expect(config.dbPath).toMatch(/data[/\\]scangate\.sqlite$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when SCANGATE_-prefixed keys are set then they win over bare ones', () => {
    expect(loadConfig({ PORT: '1', SCANGATE_PORT: '2' }).PORT).toBe(2);
  });

  it('when a value is invalid then start-up fails naming the key', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ RED_P_VALUE: '0.2', YELLOW_P_VALUE: '0.1' })).toThrow(/RED_P_VALUE/);
  });
});
