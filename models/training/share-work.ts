/**
 * Runs `count` independent jobs on the current thread and a helper thread at once, each lane taking
 * the next index as soon as it is free, so a slow lane never holds the other back. Results come back
 * in index order whichever lane computed them.
 * @param helperDepth jobs kept in flight at the helper: with two, it starts the next one while this
 *   thread, busy with a job of its own, has not yet read the answer to the last.
 */
export async function shareWork<T>(
  count: number,
  here: (index: number) => Promise<T>,
  there: ((index: number) => Promise<T>) | undefined,
  onDone?: (done: number, total: number) => void,
  helperDepth = 2,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let done = 0;
  const lane = async (run: (index: number) => Promise<T>) => {
    while (next < count) {
      const index = next++;
      results[index] = await run(index);
      onDone?.(++done, count);
      // A job of this thread may finish without ever leaving the microtask queue; without this
      // pause the helper's answers (messages, i.e. macrotasks) would wait until this lane ran dry.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const helperLanes = there ? Array.from({ length: helperDepth }, () => lane(there)) : [];
  await Promise.all([...helperLanes, lane(here)]);
  return results;
}
