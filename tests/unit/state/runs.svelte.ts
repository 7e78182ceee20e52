/** How many times an effect reading `read` has run: once at first, then once per change it hears. */
export function countRuns(read: () => unknown): { readonly runs: number; stop: () => void } {
  let runs = 0;
  const stop = $effect.root(() => {
    $effect(() => {
      read();
      runs += 1;
    });
  });
  return {
    get runs() {
      return runs;
    },
    stop,
  };
}
