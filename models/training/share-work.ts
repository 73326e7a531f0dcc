/**
 * Runs `count` independent jobs on the current thread and a helper thread at once, each lane taking
 * the next index as soon as it is free, so a slow lane never holds the other back. Results come back
 * in index order whichever lane computed them.
 * Two jobs are kept in flight at the helper ({@link HELPER_DEPTH}); after a failure no lane takes
 * another job, and the run rejects with the first error.
 */
/** Jobs in flight at the helper: with two, it starts the next while this thread, busy with a job of its own, has not yet read the last answer. */
export const HELPER_DEPTH = 2;

export async function shareWork<T>(
  count: number,
  here: (index: number) => Promise<T>,
  there: ((index: number) => Promise<T>) | undefined,
  onDone?: (done: number, total: number) => void,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async (run: (index: number) => Promise<T>, pause: boolean) => {
    while (!failed && next < count) {
      const index = next++;
      try {
        results[index] = await run(index);
      } catch (error) {
        failed = true;
        throw error;
      }
      onDone?.(++done, count);
      // A job of this thread may finish without ever leaving the microtask queue; without this
      // pause the helper's answers (messages, i.e. macrotasks) would wait until this lane ran dry.
      if (pause) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const helperLanes = there ? Array.from({ length: HELPER_DEPTH }, () => lane(there, false)) : [];
  await Promise.all([...helperLanes, lane(here, true)]);
  return results;
}
