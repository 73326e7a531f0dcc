/**
 * Runs `count` independent jobs on two lanes at once, the current thread and a helper thread, each
 * taking the next index as soon as it is free, so a slow lane never holds the other back. Results
 * come back in index order whichever lane computed them.
 */
export async function shareWork<T>(
  count: number,
  here: (index: number) => Promise<T>,
  there: ((index: number) => Promise<T>) | undefined,
  onDone?: (done: number, total: number) => void,
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
  await Promise.all(there ? [lane(there), lane(here)] : [lane(here)]);
  return results;
}
