/**
 * What the timeline's charts draw, as plain data: the chart component hands it to Chart.js, and
 * the table beside it reads the same points.
 */
import type { StandingAt } from '../core/checkpoint-compare.ts';
import { SUB_LEVELS } from '../core/scoring.ts';
import { PALETTE, type ChartColours } from './chart-config.ts';

/** One moment on the timeline: a checkpoint, or now. */
export interface TimelinePoint {
  /** The axis label: `12 Sep 2026`, or `Now`. */
  label: string;
  standing: StandingAt;
}

/** A moment as the timeline names it: `12 Sep 2026`. */
export function shortDate(time: string): string {
  return new Date(time).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

export type TimelineChartKind = 'level' | 'topics';

export interface TimelineSeries {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
}

/** A standing as a number: level plus fifths of a level for the sub-level (3C = 3.4). */
export function levelValue(standing: StandingAt): number | null {
  const suggestion = standing.suggestion;
  return suggestion ? suggestion.level + SUB_LEVELS.indexOf(suggestion.subLevel) / 5 : null;
}

/**
 * `level`: one series, the suggested level and sub-level at each point. `topics`: one series per
 * topic (named by `titleOf`), its percentage demonstrated at each point (null where none of it
 * applies or the point's framework did not have it).
 */
export function timelineSeries(
  points: readonly TimelinePoint[],
  kind: TimelineChartKind,
  titleOf: (topic: string) => string,
): TimelineSeries {
  const labels = points.map((point) => point.label);
  if (kind === 'level') {
    return {
      labels,
      datasets: [{ label: 'Suggested level', data: points.map((p) => levelValue(p.standing)) }],
    };
  }
  const topics = [...new Set(points.flatMap((point) => point.standing.topics.map((t) => t.topic)))];
  return {
    labels,
    datasets: topics.map((topic) => ({
      label: titleOf(topic),
      data: points.map(
        (point) => point.standing.topics.find((entry) => entry.topic === topic)?.percent ?? null,
      ),
    })),
  };
}

/** The full Chart.js configuration of one timeline chart. */
export function timelineConfig(
  series: TimelineSeries,
  kind: TimelineChartKind,
  colours: ChartColours,
) {
  const font = { family: colours.font };
  return {
    type: 'line' as const,
    data: {
      labels: series.labels,
      datasets: series.datasets.map((dataset, index) => {
        const colour = PALETTE[index % PALETTE.length]!;
        return {
          ...dataset,
          borderColor: colour,
          backgroundColor: colour,
          pointRadius: 4,
          spanGaps: true,
          tension: 0,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      plugins: {
        legend: {
          display: kind === 'topics',
          labels: { color: colours.text, font },
        },
        tooltip: {
          callbacks: {
            label: (item: { dataset: { label?: string }; parsed: { y: number | null } }) =>
              kind === 'level'
                ? `Suggested level ${labelOf(item.parsed.y)}`
                : `${item.dataset.label ?? ''}: ${item.parsed.y ?? '–'}%`,
          },
        },
      },
      scales: {
        x: { ticks: { color: colours.muted, font }, grid: { color: colours.grid } },
        y:
          kind === 'level'
            ? {
                beginAtZero: false,
                ticks: {
                  color: colours.muted,
                  font,
                  stepSize: 1,
                  callback: (value: string | number) => `Level ${value}`,
                },
                grid: { color: colours.grid },
              }
            : {
                min: 0,
                max: 100,
                ticks: {
                  color: colours.muted,
                  font,
                  callback: (value: string | number) => `${value}%`,
                },
                grid: { color: colours.grid },
              },
      },
    },
  };
}

/** `3C` from 3.4. */
function labelOf(value: number | null): string {
  if (value === null) return 'none';
  const level = Math.floor(value + 1e-9);
  return `${level}${SUB_LEVELS[Math.round((value - level) * 5)] ?? ''}`;
}
