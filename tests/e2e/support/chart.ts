/**
 * What a chart canvas shows, read from its pixels: proof that a chart was painted, not only that
 * a canvas element exists.
 */
import type { Locator } from '@playwright/test';

/** Pixel counts of one canvas. */
export interface CanvasPixels {
  total: number;
  /** Pixels of a clearly saturated colour: bars, not text, grid lines or the background. */
  coloured: number;
  /** For each colour asked about (`#RRGGBB`), the pixels of exactly that colour. */
  exact: Record<string, number>;
}

/**
 * Counts the pixels of the canvas inside `chart` (an element holding one canvas). Antialiased
 * edges blend colours, so `exact` counts only the solid inside of shapes.
 */
export function canvasPixels(
  chart: Locator,
  colours: readonly string[] = [],
): Promise<CanvasPixels> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement, colours) => {
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0)
      return { total: 0, coloured: 0, exact: {} };
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const wanted = new Map(colours.map((colour) => [colour.toLowerCase(), 0]));
    let coloured = 0;
    for (let index = 0; index < data.length; index += 4) {
      const [red, green, blue, alpha] = [
        data[index]!,
        data[index + 1]!,
        data[index + 2]!,
        data[index + 3]!,
      ];
      if (alpha < 200) continue;
      if (Math.max(red, green, blue) - Math.min(red, green, blue) > 60) coloured += 1;
      const hex = `#${[red, green, blue].map((part) => part.toString(16).padStart(2, '0')).join('')}`;
      const count = wanted.get(hex);
      if (count !== undefined) wanted.set(hex, count + 1);
    }
    return { total: data.length / 4, coloured, exact: Object.fromEntries(wanted) };
  }, colours);
}

/** The colour of the canvas's top-left pixel, which the chart fills with its background. */
export function canvasBackground(chart: Locator): Promise<[number, number, number]> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const [red = 0, green = 0, blue = 0] =
      canvas.getContext('2d')?.getImageData(0, 0, 1, 1).data ?? [];
    return [red, green, blue];
  });
}

/** The canvas as a PNG data URL, to tell whether two paintings differ. */
export function canvasImage(chart: Locator): Promise<string> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL());
}
