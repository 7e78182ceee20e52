/**
 * What the coverage charts draw, as plain data: the chart component hands it to Chart.js, and
 * tests compare it with the table, which reads the same `CoverageData`.
 */
import type { Chart } from 'chart.js';
import type { CoverageData } from '../core/coverage.ts';

export type ChartKind = 'levels' | 'standing';

/** Colour-blind-safe categorical palette (Okabe–Ito without its yellow). */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#8C8C8C',
];

export interface ChartColours {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  font: string;
}

export interface ChartSeries {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
}

/**
 * `levels`: one series per topic, its percentage demonstrated at each level (null where the
 * topic has no applicable criterion). `standing`: one value per topic, its standing as level
 * plus fifths of a level for the sub-level (3C = 3.4; 0 when not started).
 */
export function chartSeries(coverage: CoverageData, kind: ChartKind): ChartSeries {
  if (kind === 'levels') {
    return {
      labels: coverage.levels.map((level) => `Level ${level}`),
      datasets: coverage.topics.map((topic) => ({
        label: topic.title,
        data: topic.cells.map((cell) => (cell.applicable === 0 ? null : cell.percent)),
      })),
    };
  }
  return {
    labels: coverage.topics.map((topic) => topic.title),
    datasets: [{ label: 'Standing', data: coverage.topics.map((topic) => topic.standingValue) }],
  };
}

/**
 * The full Chart.js configuration for one of the coverage charts. `threshold` is read at each
 * draw, so the threshold line follows a change without re-creating the chart.
 */
export function chartConfig(
  coverage: CoverageData,
  kind: ChartKind,
  threshold: () => number,
  colour: ChartColours,
) {
  const series = chartSeries(coverage, kind);
  const font = { family: colour.font };
  const surface = {
    id: 'surface',
    beforeDraw(chart: Chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = colour.surface;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
  };
  if (kind === 'levels') {
    // The threshold as a dashed line across the bars: a level counts once its bars reach it.
    const thresholdLine = {
      id: 'threshold',
      afterDatasetsDraw(chart: Chart) {
        const y = chart.scales['y']?.getPixelForValue(threshold());
        if (y === undefined) return;
        const { ctx, chartArea } = chart;
        ctx.save();
        ctx.strokeStyle = colour.text;
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(chartArea.left, y);
        ctx.lineTo(chartArea.right, y);
        ctx.stroke();
        ctx.restore();
      },
    };
    return {
      type: 'bar' as const,
      data: {
        labels: series.labels,
        datasets: series.datasets.map((dataset, index) => ({
          ...dataset,
          backgroundColor: PALETTE[index % PALETTE.length]!,
          borderRadius: 3,
        })),
      },
      options: {
        ...common,
        plugins: { legend: { labels: { color: colour.text, font, boxWidth: 14 } } },
        scales: {
          x: { ticks: { color: colour.text, font }, grid: { display: false } },
          y: {
            min: 0,
            max: 100,
            ticks: { color: colour.muted, font, callback: (value: string | number) => `${value}%` },
            grid: { color: colour.grid },
          },
        },
      },
      plugins: [surface, thresholdLine],
    };
  }
  const top = Math.max(...coverage.levels) + 1;
  return {
    type: 'bar' as const,
    data: {
      labels: series.labels,
      datasets: series.datasets.map((dataset) => ({
        ...dataset,
        backgroundColor: coverage.topics.map((_, index) => PALETTE[index % PALETTE.length]!),
        borderRadius: 3,
      })),
    },
    options: {
      ...common,
      indexAxis: 'y' as const,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item: { dataIndex: number }) =>
              coverage.topics[item.dataIndex]?.standingLabel ?? '',
          },
        },
      },
      scales: {
        x: {
          min: Math.min(...coverage.levels),
          max: top,
          ticks: {
            stepSize: 1,
            color: colour.muted,
            font,
            callback: (value: string | number) => (Number(value) < top ? `Level ${value}` : ''),
          },
          grid: { color: colour.grid },
        },
        y: { ticks: { color: colour.text, font }, grid: { display: false } },
      },
    },
    plugins: [surface],
  };
}
