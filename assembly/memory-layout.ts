// The kernels own no heap: the TypeScript binding places every buffer above __heap_base and grows
// memory itself, so the module needs no allocator and its memory can be sized once and reused.

/** First byte the binding may use (static data ends below it). */
export function heapBase(): usize {
  return __heap_base;
}
