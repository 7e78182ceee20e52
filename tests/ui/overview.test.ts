// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import App from '../../src/App.svelte';
import Overview from '../../src/lib/components/Overview.svelte';
import { chartSeries } from '../../src/lib/components/chart-config.ts';
import { coverageData } from '../../src/lib/core/coverage.ts';
import { parseFramework } from '../../src/lib/core/framework.ts';
import { allCriteria } from '../../src/lib/core/model.ts';
import { stepTowards } from '../../src/lib/core/next-steps.ts';
import { levelTallies, suggestLevel } from '../../src/lib/core/scoring.ts';
import { Assessment } from '../../src/lib/state/assessment.svelte.ts';
import { SavedProgress } from '../../src/lib/state/saved-progress.svelte.ts';
import { View } from '../../src/lib/state/view.svelte.ts';
import { libraryOf } from './helpers.ts';
import { createMemoryStore } from '../../src/lib/storage/index.ts';

const parsed = parseFramework(
  readFileSync('frameworks/monzo/engineering/backend.md', 'utf8'),
  'backend.md',
);
if (!parsed.ok) throw new Error('backend does not parse');
const framework = parsed.framework;
const criteria = allCriteria(framework);
const atLevel = (level: number) => criteria.filter((criterion) => criterion.level === level);
const sink = { put() {}, remove() {}, putSettings() {} };

function setup(tab: 'assess' | 'overview' = 'assess') {
  const assessment = new Assessment(framework, sink);
  const view = new View(framework.id, framework.levels, {
    frameworkId: framework.id,
    level: null,
    query: '',
    tab,
  });
  const saved = new SavedProgress({ open: () => Promise.resolve(createMemoryStore()) });
  return { assessment, view, saved, user: userEvent.setup() };
}

function tick(assessment: Assessment, level: number, count: number) {
  for (const criterion of atLevel(level).slice(0, count))
    assessment.setDemonstrated(criterion, true);
}

describe('the summary', () => {
  it('follows every tick with the level and sub-level the rule gives', async () => {
    const { assessment, view, saved, user } = setup();
    render(App, { props: { library: libraryOf(framework, saved), assessment, view, saved } });
    const summary = screen.getByRole('region', { name: 'Your standing' });
    // A newcomer is told how to begin, not "1A".
    expect(summary).toHaveTextContent('Not started yet');
    expect(summary).not.toHaveTextContent('1A');
    for (const criterion of atLevel(1).slice(0, 6))
      await user.click(screen.getByRole('checkbox', { name: criterion.text }));
    expect(summary).toHaveTextContent('Suggested level 1E');
    tick(assessment, 2, 5);
    flushSync();
    expect(summary).toHaveTextContent('Suggested level 1E');
    expect(summary).toHaveTextContent('held at level 1 by 6/8');
    await user.click(screen.getByRole('checkbox', { name: atLevel(1)[6]!.text }));
    expect(summary).toHaveTextContent('Suggested level 2B');
  }, 20_000);

  it('shows the distance to a chosen target level', () => {
    const { assessment, view, saved } = setup();
    render(App, { props: { library: libraryOf(framework, saved), assessment, view, saved } });
    assessment.setTarget(3);
    flushSync();
    expect(screen.getByRole('region', { name: 'Your standing' })).toHaveTextContent(
      'Target level 3: 24 more to demonstrate',
    );
  });
});

describe('the overview', () => {
  it('explains the suggestion with the rule and the user’s numbers', () => {
    const { assessment, view } = setup('overview');
    tick(assessment, 1, 8);
    tick(assessment, 2, 17);
    tick(assessment, 3, 10);
    render(Overview, { props: { assessment, view } });
    expect(screen.getByRole('heading', { name: 'Why 3C' })).toBeInTheDocument();
    expect(screen.getByText('Levels 1–2 are at or above 80%: 8/8, 17/21.')).toBeInTheDocument();
    expect(
      screen.getByText('At level 3 you show 10 of 26 = 38%, sub-level C.'),
    ).toBeInTheDocument();
  });

  it('lists what is next with results that re-running the rule confirms', () => {
    const { assessment, view } = setup('overview');
    tick(assessment, 1, 6);
    tick(assessment, 2, 21);
    tick(assessment, 3, 26);
    render(Overview, { props: { assessment, view } });
    // At 1E the next sub-level is the next level: one list, under both names.
    expect(screen.queryByRole('heading', { name: 'Next level' })).toBeNull();
    const next = screen
      .getByRole('heading', { name: 'Next sub-level and next level' })
      .closest('section')!;
    const step = stepTowards(framework, assessment.stateOf, 80, { kind: 'next-level' })!;
    expect(step.status).toBe('reachable');
    if (step.status !== 'reachable') return;
    const links = within(next).getAllByRole('link');
    expect(links.map((link) => link.textContent?.replace(/^L\d/, ''))).toEqual(
      step.criteria.map((c) => c.text),
    );
    // Tick exactly what is listed and the rule gives the promised result.
    const states = new Map(criteria.map((c) => [c.id, assessment.state(c.id)]));
    for (const criterion of step.criteria) states.set(criterion.id, 'demonstrated');
    expect(suggestLevel(levelTallies(framework, states), 80)?.label).toBe(step.result.label);
    expect(next).toHaveTextContent(`takes you to ${step.result.label}`);
  });

  it('opens a what-is-next criterion at its place in the framework', async () => {
    const { assessment, view, user } = setup('overview');
    render(Overview, { props: { assessment, view } });
    const link = within(
      screen.getByRole('heading', { name: 'Next level' }).closest('section')!,
    ).getAllByRole('link')[0]!;
    await user.click(link);
    expect(view.tab).toBe('assess');
    expect(view.focusCriterion).toBe(criteria[0]!.id);
  });

  it('shows a table with the same numbers the charts draw', () => {
    const { assessment, view } = setup('overview');
    tick(assessment, 1, 8);
    tick(assessment, 2, 9);
    assessment.setNotApplicable(atLevel(3)[0]!, true);
    render(Overview, { props: { assessment, view } });
    const coverage = coverageData(
      framework,
      assessment.tallies,
      assessment.standings,
      assessment.suggestion,
    );
    const series = chartSeries(coverage, 'levels');
    const table = screen.getByRole('table', { name: /per topic and level/ });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1, 1 + framework.topics.length);
    rows.forEach((row, topicIndex) => {
      const cells = within(row).getAllByRole('cell');
      series.datasets[topicIndex]!.data.forEach((percent, levelIndex) => {
        const text = cells[levelIndex]!.textContent!.trim();
        if (percent === null) expect(text).toBe('–');
        else expect(text).toMatch(new RegExp(`\\(${percent}%\\)$`));
      });
      const standing = chartSeries(coverage, 'standing').datasets[0]!.data[topicIndex];
      expect(cells.at(-1)!.textContent).toBe(coverage.topics[topicIndex]!.standingLabel);
      expect(standing).toBe(coverage.topics[topicIndex]!.standingValue);
    });
    const level3 = assessment.tallies.find((tally) => tally.level === 3)!;
    expect(within(table).getAllByRole('row').at(-1)).toHaveTextContent(`0/${level3.applicable}`);
    expect(level3.applicable).toBe(25);
  });

  it('keeps a new threshold and recomputes the suggestion', async () => {
    const { assessment, view, user } = setup('overview');
    tick(assessment, 1, 4);
    render(Overview, { props: { assessment, view } });
    expect(screen.getByRole('heading', { name: 'Why 1D' })).toBeInTheDocument();
    const input = screen.getByRole('textbox', { name: 'Threshold' });
    await user.clear(input);
    await user.type(input, '50');
    await user.tab();
    expect(assessment.threshold).toBe(50);
    expect(screen.getByRole('heading', { name: 'Why 2A' })).toBeInTheDocument();
    expect(input).toHaveAccessibleDescription(/50–100/);
    // Out of range: the typed text stays, the range is said, the threshold in use is kept.
    await user.clear(input);
    await user.type(input, '40');
    await user.tab();
    expect(assessment.threshold).toBe(50);
    expect(input).toHaveValue('40');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Enter a whole percentage from 50 to 100, not “40”.',
    );
    expect(input).toHaveAccessibleDescription(/Enter a whole percentage from 50 to 100/);
    // Corrected: taken at once, and the message goes.
    await user.type(input, '{Backspace}{Backspace}90');
    await user.tab();
    expect(assessment.threshold).toBe(90);
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
