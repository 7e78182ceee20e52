/** Code-unit order, the same in every locale: how ids and keys are sorted wherever they are kept. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
