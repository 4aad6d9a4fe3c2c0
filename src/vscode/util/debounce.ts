/** Calls `fn` once, `ms` after the last of a burst of calls. */
export function debounce(fn: () => void, ms: number): { (): void; dispose(): void } {
  let t: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    if (t) clearTimeout(t);
    t = setTimeout(() => {
      t = undefined;
      fn();
    }, ms);
  };
  call.dispose = () => {
    if (t) clearTimeout(t);
    t = undefined;
  };
  return call;
}
