import { describe, expect, it } from 'vitest';
import { shareWork } from '../../../models/training/share-work.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shareWork', () => {
  it('when both lanes run then every index is computed once and results come back in index order', async () => {
    const calls = new Array<number>(9).fill(0);
    const lanes: string[] = [];
    const job = (lane: string, ms: number) => async (i: number) => {
      calls[i]++;
      lanes[i] = lane;
      await pause(ms);
      return i * 10;
    };

    const results = await shareWork(9, job('here', 2), job('there', 10));

    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    expect(calls).toEqual(new Array(9).fill(1));
    expect(lanes).toContain('there');
    expect(lanes).toContain('here');
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

  it('when a job fails then the run rejects with its error and no lane takes another job', async () => {
    const started: number[] = [];

    await expect(
      shareWork(
        20,
        async (i) => {
          started.push(i);
          await pause(1);
          return i;
        },
        async (i) => {
          started.push(i);
          await pause(1);
          if (i === 1) throw new Error('scan 1 broke');
          return i;
        },
      ),
    ).rejects.toThrow('scan 1 broke');
    await pause(30);

    expect(started.length).toBeLessThan(6);
  });
});
