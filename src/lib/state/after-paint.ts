/**
 * Runs `task` once the next frame is painted (a timer where there are no frames): for work that
 * should not delay what a person sees, such as the first view's mirror, the footer's tools, or
 * laying out topics out of view.
 */
export function afterNextPaint(task: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(task));
  else setTimeout(task);
}
