// The gradient kernels own no heap: the TypeScript binding places x, dy and the output above
// __heap_base and grows memory itself, so the module needs no allocator and keeps one buffer
// that is reused by every training step.

/** First byte the binding may use (static data ends below it). */
export function heapBase(): usize {
  return __heap_base;
}
