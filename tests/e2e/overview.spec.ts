/**
 * The suggested level in the production build: the summary, the explanation, what's next, the
 * table and the charts all follow the level rule (src/lib/core/scoring.ts) for what was ticked,
 * and the overview with its charts passes axe in both colour schemes.
 *
 * Expected labels come from the rule itself, run here on the same framework file, and are
 * anchored by hand-worked examples (T = 80, on the backend framework as Monzo's site shows it,
 * with the generic framework's criteria: 12 at level 1 and 5 of 24 at level 2 is 2B).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PALETTE } from '../../src/lib/components/chart-config.ts';
import type { Criterion } from '../../src/lib/core/model.ts';
import { stepTowards } from '../../src/lib/core/next-steps.ts';
import type { CriterionState } from '../../src/lib/core/progress.ts';
import {
  levelTallies,
  suggestLevel,
  ticksToReach,
  topicStandings,
} from '../../src/lib/core/scoring.ts';
import {
  checkbox,
  frameworkPath,
  markNotApplicable,
  openApp,
  reloadApp,
  seedProgress,
  showLevel,
  storedSettings,
  summary,
  summaryLabel,
} from './support/app.ts';
import { axeViolations } from './support/axe.ts';
import { canvasBackground, canvasImage, canvasPixels } from './support/chart.ts';
import { backend, criteriaAt } from './support/framework.ts';

type States = ReadonlyMap<string, CriterionState>;

/** The label the rule gives for `states` at `threshold`. */
function ruleLabel(states: States, threshold = 80): string {
  return suggestLevel(levelTallies(backend, states), threshold)?.label ?? 'none';
}

/**
 * An engineer part-way through: all of level 1, the first five of level 2 (all Communication),
 * one of level 2 not applicable, and one criterion of level 3 that does not count yet.
 */
const notApplicable = criteriaAt(2)[6]!;
const progress = new Map<Criterion, { state: CriterionState; reason?: string }>([
  ...criteriaAt(1).map((criterion) => [criterion, { state: 'demonstrated' as const }] as const),
  ...criteriaAt(2)
    .slice(0, 5)
    .map((criterion) => [criterion, { state: 'demonstrated' as const }] as const),
  [notApplicable, { state: 'not-applicable', reason: 'No such work in my team' }],
  [criteriaAt(3)[0]!, { state: 'demonstrated' }],
]);
const states: States = new Map(
  [...progress].map(([criterion, { state }]) => [criterion.id, state]),
);

const levelsChart = (page: Page) =>
  page.getByRole('img', { name: "Share of each topic's criteria demonstrated, per level" });
const standingChart = (page: Page) =>
  page.getByRole('img', { name: "Each topic's standing, by the same rule" });
const nextStep = (page: Page, heading: string) =>
  page.locator('section.step').filter({ has: page.getByRole('heading', { name: heading }) });

/** Opens the overview with `progress` stored, and waits until both charts are painted. */
async function openOverview(page: Page): Promise<void> {
  await openApp(page, frameworkPath({ tab: 'overview' }));
  await seedProgress(page, progress);
  await expect(summaryLabel(page)).toHaveText('2B');
  // Empty, the levels chart paints only its legend (about 1,000 coloured pixels) and the
  // standing chart next to nothing; with this progress, several times that in bars.
  await expect
    .poll(async () => (await canvasPixels(levelsChart(page))).coloured)
    .toBeGreaterThan(4000);
  await expect
    .poll(async () => (await canvasPixels(standingChart(page))).coloured)
    .toBeGreaterThan(2000);
}

test('the summary label follows the rule as criteria are ticked', async ({ page }) => {
  const ticked = new Map<string, CriterionState>();
  const seen: string[] = [];
  await openApp(page);
  // Nothing ticked: the rule's 1A would tell a newcomer nothing, so they are told how to begin.
  expect(ruleLabel(ticked)).toBe('1A');
  await expect(summary(page)).toContainText('Not started yet');
  await expect(summaryLabel(page)).toHaveCount(0);

  for (const criterion of criteriaAt(1)) {
    await checkbox(page, criterion.text).check();
    ticked.set(criterion.id, 'demonstrated');
    await expect(summaryLabel(page)).toHaveText(ruleLabel(ticked));
    seen.push(ruleLabel(ticked));
  }
  // By hand: floor(500 × d / (80 × 12)) picks the letter for d = 1…9; 10 of 12 meets 80%.
  expect(criteriaAt(1)).toHaveLength(12);
  expect(seen).toEqual(['1A', '1B', '1B', '1C', '1C', '1D', '1D', '1E', '1E', '2A', '2A', '2A']);

  await showLevel(page, 2);
  for (const criterion of criteriaAt(2).slice(0, 5)) {
    await checkbox(page, criterion.text).check();
    ticked.set(criterion.id, 'demonstrated');
  }
  expect(ruleLabel(ticked)).toBe('2B');
  await expect(summaryLabel(page)).toHaveText('2B');
  await expect(summary(page)).not.toContainText('held at');

  await markNotApplicable(page, notApplicable.text, 'No such work in my team');
  ticked.set(notApplicable.id, 'not-applicable');
  await expect(summary(page)).toContainText('1 not applicable');
  await showLevel(page, 3);
  await checkbox(page, criteriaAt(3)[0]!.text).check();
  ticked.set(criteriaAt(3)[0]!.id, 'demonstrated');
  await expect(summaryLabel(page)).toHaveText(ruleLabel(ticked));
  await expect(summary(page)).toContainText('held at level 2 by 5/24');
});

test('the explanation and the table show the engineer’s own numbers, and the charts are painted', async ({
  page,
}) => {
  await openOverview(page);
  expect(ruleLabel(states)).toBe('2B');
  await expect(page.getByRole('heading', { name: 'Why 2B' })).toBeVisible();

  // Each "N more takes you to X" is what the rule gives with N more at that level.
  const withMore = (more: number) =>
    suggestLevel(
      levelTallies(backend, states).map((tally) =>
        tally.level === 2 ? { ...tally, demonstrated: tally.demonstrated + more } : tally,
      ),
      80,
    )?.label;
  expect([withMore(2), withMore(3), withMore(14), withMore(15)]).toEqual(['2B', '2C', '2E', '3A']);
  await expect(page.locator('.why p')).toHaveText([
    'Level 1 is at or above 80%: 12/12.',
    'At level 2 you show 5 of 24 = 20%, sub-level B.',
    'Sub-levels are fifths of the way to the 80% threshold: A below 16%, B from 16%, C from 32%, D from 48%, E from 64%.',
    'Level 2 is below 80% (20 of 24 needed), so it holds you at level 2: the 1 criterion you show above it does not count yet.',
    '3 more at level 2 takes you to 2C.',
    '15 more at level 2 takes you to 3A.',
    '1 criterion marked not applicable is left out.',
  ]);

  // The table, from the framework and the ticks counted here.
  const cell = (criteria: readonly Criterion[]) => {
    const applicable = criteria.filter(
      (criterion) => states.get(criterion.id) !== 'not-applicable',
    );
    const demonstrated = applicable.filter(
      (criterion) => states.get(criterion.id) === 'demonstrated',
    ).length;
    return applicable.length === 0
      ? '–'
      : `${demonstrated}/${applicable.length} (${Math.floor((100 * demonstrated) / applicable.length)}%)`;
  };
  const standings = topicStandings(backend, states, 80).map((standing) =>
    standing.status === 'placed'
      ? standing.suggestion.label
      : standing.status === 'not-started'
        ? 'not started'
        : 'not applicable',
  );
  expect(standings).toEqual(['3B', '2A', 'not started', '2A', '2A']);
  const expected = [
    ...backend.topics.map((topic, index) => [
      topic.title,
      ...backend.levels.map((level) =>
        cell(topic.levels.find((entry) => entry.level === level)?.criteria ?? []),
      ),
      standings[index]!,
    ]),
    ['All topics', ...backend.levels.map((level) => cell(criteriaAt(level))), '2B'],
  ];
  const table = page.getByRole('table', {
    name: 'Criteria demonstrated of those that apply, per topic and level',
  });
  const rows = await table.evaluate((element: HTMLTableElement) =>
    [...element.querySelectorAll('tbody tr, tfoot tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((part) =>
        (part.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ),
    ),
  );
  expect(rows).toEqual(expected);

  // The charts show the same data: each topic's colour is painted in the standing chart
  // exactly when the topic has a standing (Leadership has not started).
  const standing = await canvasPixels(standingChart(page), PALETTE);
  backend.topics.forEach((topic, index) => {
    const painted = standing.exact[PALETTE[index]!.toLowerCase()] ?? 0;
    if (standings[index] === 'not started') expect(painted, topic.title).toBe(0);
    else expect(painted, topic.title).toBeGreaterThan(100);
  });
  // In the levels chart, a topic with nothing demonstrated paints only its legend box; every
  // other topic paints bars several times that size in its colour.
  const levels = await canvasPixels(levelsChart(page), PALETTE);
  const legendBox = levels.exact[PALETTE[2]!.toLowerCase()] ?? 0;
  expect(backend.topics[2]!.name).toBe('leadership');
  expect(legendBox).toBeGreaterThan(0);
  backend.topics.forEach((topic, index) => {
    if (index !== 2)
      expect(levels.exact[PALETTE[index]!.toLowerCase()], topic.title).toBeGreaterThan(
        5 * legendBox,
      );
  });
});

test('a what’s-next link opens its criterion, and ticking them gives the promised level and chart', async ({
  page,
}) => {
  await openOverview(page);
  const step = nextStep(page, 'Next sub-level');
  // Ranked by the core: the topics furthest behind at level 2 first, never Communication (done).
  const plan = stepTowards(backend, states, 80, { kind: 'next-sub-level' });
  if (plan?.status !== 'reachable') throw new Error('No next sub-level to reach');
  const promised = plan.byTopic.flatMap((group) => group.criteria);
  // A topic whose own standing the plan raises: its bar in the standing chart must grow.
  const after = new Map(states);
  for (const criterion of promised) after.set(criterion.id, 'demonstrated');
  const label = (standing: ReturnType<typeof topicStandings>[number]) =>
    standing.status === 'placed' ? standing.suggestion.label : '';
  const standingsBefore = topicStandings(backend, states, 80).map(label);
  const standingsAfter = topicStandings(backend, after, 80).map(label);
  const grownIndex = standingsAfter.findIndex((after, index) => after > standingsBefore[index]!);
  expect(grownIndex).toBeGreaterThanOrEqual(0);
  const grownColour = PALETTE[grownIndex]!.toLowerCase();
  const grownBefore = (await canvasPixels(standingChart(page), PALETTE)).exact[grownColour] ?? 0;
  expect(promised.some((criterion) => criterion.topic === 'communication')).toBe(false);
  await expect(step.locator('p')).toHaveText(
    `Ticking ${promised.length} more at level 2 takes you to 2C.`,
  );
  await expect(step.getByRole('link')).toHaveText(promised.map((c) => `L2${c.text}`));
  await expect(nextStep(page, 'Next level').getByRole('link')).toHaveCount(15);

  for (let tick = 0; tick < promised.length; tick += 1) {
    const link = nextStep(page, 'Next sub-level').getByRole('link').first();
    const text = (await link.textContent())!.replace(/^L2/, '');
    await link.click();
    await expect(page).toHaveURL(/\?level=2$/);
    const box = checkbox(page, text);
    await expect(box).toBeFocused();
    await expect(box).toBeInViewport();
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
    await page.getByRole('link', { name: "Why, and what's next" }).click();
  }
  await expect(summaryLabel(page)).toHaveText('2C');
  await expect(page.getByRole('heading', { name: 'Why 2C' })).toBeVisible();
  await expect
    .poll(async () => (await canvasPixels(standingChart(page), PALETTE)).exact[grownColour])
    .toBeGreaterThan(grownBefore * 1.1);
});

test('a threshold of 50 and a target level change the summary and charts, and are kept', async ({
  page,
}) => {
  await openOverview(page);
  const before = [await canvasImage(levelsChart(page))];

  expect(ruleLabel(states, 50)).toBe('2C');
  const threshold = page.getByRole('textbox', { name: 'Threshold' });
  await threshold.fill('50');
  await threshold.press('Enter');
  await expect(summaryLabel(page)).toHaveText('2C');
  await expect(summary(page)).toContainText('at 50%');
  await expect(page.getByRole('heading', { name: 'Why 2C' })).toBeVisible();
  // The threshold line moves with it (each topic's standing is the same at 50% as at 80%).
  await expect.poll(() => canvasImage(levelsChart(page))).not.toBe(before[0]);

  // By hand at 50%: level 2 needs 12 of 24 (7 more), level 3 15 of 30 (14 more).
  expect(ticksToReach(levelTallies(backend, states), 50, 4)).toBe(21);
  await page.getByLabel("Level I'm going for").selectOption('4');
  await expect(summary(page)).toContainText('Target level 4: 21 more to demonstrate');
  await expect(nextStep(page, 'Target: level 4').locator('p')).toHaveText(
    'Ticking 7 more at level 2 and 14 more at level 3 takes you to 4A.',
  );

  await expect
    .poll(async () => {
      const settings = await storedSettings(page);
      return settings && { threshold: settings.threshold, target: settings.target };
    })
    .toEqual({ threshold: 50, target: 4 });
  await reloadApp(page);
  await expect(summaryLabel(page)).toHaveText('2C');
  await expect(summary(page)).toContainText('at 50%');
  await expect(summary(page)).toContainText('Target level 4: 21 more to demonstrate');
  await expect(page.getByRole('textbox', { name: 'Threshold' })).toHaveValue('50');
  await expect(page.getByLabel("Level I'm going for")).toHaveValue('4');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on the overview with its charts (${colorScheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await openOverview(page);
    // The charts follow the scheme: a light or a dark background behind the bars.
    for (const chart of [levelsChart(page), standingChart(page)]) {
      const background = await canvasBackground(chart);
      if (colorScheme === 'light') expect(Math.min(...background)).toBeGreaterThan(200);
      else expect(Math.max(...background)).toBeLessThan(80);
    }
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('each chart can be saved as a PNG image', async ({ page }) => {
  await openOverview(page);
  for (const [chart, fileName] of [
    [levelsChart(page), 'engineering-backend-coverage.png'],
    [standingChart(page), 'engineering-backend-standing.png'],
  ] as const) {
    const figure = page.locator('figure').filter({ has: chart });
    const download = page.waitForEvent('download');
    await figure.getByRole('button', { name: 'Save as image' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(fileName);
    const bytes = readFileSync((await file.path())!);
    // The PNG signature, then an image of some size: not an empty canvas export.
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5000);
  }
});
