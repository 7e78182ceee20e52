/**
 * Every shipped framework has its own page at its own path, in the production build: its title
 * and every criterion counted, in all and per level (with its set's generic framework merged,
 * as Monzo's site shows it). One page visits them all in turn, to keep the test quick.
 */
import { expect, test } from '@playwright/test';
import { loadShippedFrameworks } from '../../scripts/frameworks-plugin.ts';

const { frameworks } = await loadShippedFrameworks('frameworks');

test('every shipped framework’s page opens at its path with its criteria counted', async ({
  page,
}) => {
  expect(frameworks.length).toBeGreaterThanOrEqual(17);
  for (const framework of frameworks) {
    // The page is prerendered: what it counts is there before any script runs.
    await page.goto(`/${framework.id}`, { waitUntil: 'domcontentloaded' });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(framework.title);
    await expect(page.locator('.intro .meta')).toHaveText(
      new RegExp(`^${framework.criterionCount} criteria in ${framework.topics.length} topics`),
    );
    // Each level's tab counts its criteria; together they are every criterion of the page.
    const counts = await page
      .getByRole('navigation', { name: 'Levels' })
      .locator('.count')
      .allTextContents();
    expect(counts, framework.id).toHaveLength(framework.levels.length);
    const perLevel = framework.levels.map((level) =>
      framework.topics.reduce(
        (sum, topic) => sum + (topic.levels.find((at) => at.level === level)?.criteria.length ?? 0),
        0,
      ),
    );
    expect(counts, framework.id).toEqual(perLevel.map((count) => `0/${count}`));
    expect(
      perLevel.reduce((a, b) => a + b, 0),
      framework.id,
    ).toBe(framework.criterionCount);
  }
});
