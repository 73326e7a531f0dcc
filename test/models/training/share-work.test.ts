import { describe, expect, it } from 'vitest';
import { shareWork } from '../../../models/training/share-work.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shareWork', () => {
  it('when both lanes run then every index is computed once and results come back in index order', async () => {
    const lanes: string[] = [];
    const results = await shareWork(
      9,
      async (i) => {
        lanes[i] = 'here';
        await pause(2);
        return i * 10;
      },
      async (i) => {
        lanes[i] = 'there';
        await pause(10);
        return i * 10;
      },
    );

    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    expect(lanes.filter((l) => l === 'there').length).toBeGreaterThan(0);
    expect(lanes.filter((l) => l === 'here').length).toBeGreaterThan(lanes.filter((l) => l === 'there').length);
  });

  it('when this thread\'s jobs never yield then the helper lane still gets its share', async () => {
    const lanes: string[] = [];
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };

    await shareWork(
      40,
      async (i) => {
        busy(3);
        lanes[i] = 'here';
      },
      (i) =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            lanes[i] = 'there';
            resolve();
          }, 1),
        ),
    );

    expect(lanes.filter((l) => l === 'there').length).toBeGreaterThan(5);
  });

  it('when there is no helper lane then the current thread does all the work and progress counts each job', async () => {
    const progress: number[] = [];

    const results = await shareWork(3, async (i) => i + 1, undefined, (done) => progress.push(done));

    expect(results).toEqual([1, 2, 3]);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('when a job fails then the whole run rejects with its error', async () => {
    await expect(
      shareWork(
        4,
        async (i) => {
          if (i === 2) throw new Error('scan 2 broke');
          return i;
        },
        undefined,
      ),
    ).rejects.toThrow('scan 2 broke');
  });
});
