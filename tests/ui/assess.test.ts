// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src/App.svelte';
import type { CriterionProgress } from '../../src/lib/core/progress.ts';
import { Assessment } from '../../src/lib/state/assessment.svelte.ts';
import { SavedProgress } from '../../src/lib/state/saved-progress.svelte.ts';
import { View } from '../../src/lib/state/view.svelte.ts';
import { createMemoryStore } from '../../src/lib/storage/index.ts';
import { fixtureFramework, libraryOf } from './helpers.ts';

function setup(route: { level?: number; query?: string } = {}) {
  const framework = fixtureFramework('small.md');
  const written: CriterionProgress[] = [];
  const assessment = new Assessment(framework, {
    put: (record) => written.push(record),
    remove() {},
    putSettings() {},
  });
  const view = new View(framework.id, framework.levels, {
    frameworkId: framework.id,
    level: route.level ?? null,
    query: route.query ?? '',
    tab: 'assess',
  });
  const user = userEvent.setup();
  const saved = new SavedProgress({ open: () => Promise.resolve(createMemoryStore()) });
  render(App, { props: { library: libraryOf(framework, saved), assessment, view, saved } });
  return { framework, assessment, view, written, user };
}

describe('assessing criteria', () => {
  it('ticks a criterion by its real checkbox, named by the criterion text, and writes it at once', async () => {
    const { user, written, assessment } = setup();
    const box = screen.getByRole('checkbox', { name: 'Gives status updates' });
    await user.click(box);
    expect(box).toBeChecked();
    expect(written.at(-1)).toMatchObject({
      state: 'demonstrated',
      text: 'Gives status updates',
      level: 1,
    });
    expect(assessment.state(written.at(-1)!.criterionId)).toBe('demonstrated');
    expect(screen.getByRole('link', { name: /Level 1/ })).toHaveTextContent('1/3');
  });

  it('marks a criterion not applicable with a reason, and it no longer counts', async () => {
    const { user, written } = setup();
    const row = screen.getByRole('checkbox', { name: 'Asks for help early' }).closest('li')!;
    const toggle = within(row).getByRole('button', { name: 'Not applicable' });
    expect(toggle).toHaveTextContent('N/A');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('checkbox', { name: 'Asks for help early' })).toBeDisabled();
    await user.type(
      within(row).getByRole('textbox', { name: /Why it does not apply/ }),
      'No on-call here',
    );
    await user.tab();
    expect(written.at(-1)).toMatchObject({ state: 'not-applicable', reason: 'No on-call here' });
    expect(screen.getByRole('link', { name: /Level 1/ })).toHaveTextContent('0/2');
  });

  it('keeps evidence with its links shown as links, never as HTML', async () => {
    const { user, assessment, framework } = setup();
    const criterion = framework.topics[0]!.levels[0]!.criteria[0]!;
    const row = screen.getByRole('checkbox', { name: criterion.text }).closest('li')!;
    await user.click(within(row).getByText('Add evidence'));
    const field = within(row).getByRole('textbox', { name: `Evidence for: ${criterion.text}` });
    await user.type(field, 'See https://example.com/pr/1 <img src=x onerror=alert(1)>');
    expect(assessment.record(criterion.id)?.evidence).toBe(
      'See https://example.com/pr/1 <img src=x onerror=alert(1)>',
    );
    const link = within(row).getByRole('link', { name: 'https://example.com/pr/1' });
    expect(link).toHaveAttribute('href', 'https://example.com/pr/1');
    expect(row.querySelector('img')).toBeNull();
    expect(within(row).getByText(/Last changed/)).toBeInTheDocument();
  });

  it('shows exampleCriteria examples behind a button that says whether they are shown', async () => {
    const { user } = setup({ level: 2 });
    const button = screen.getByRole('button', { name: 'Example' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('Explains why, not only what')).toBeNull();
    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const list = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(list).toHaveTextContent('Explains why, not only what');
  });
});

describe('finding and focusing', () => {
  it('filters criteria across all levels and topics by search text', async () => {
    const { user } = setup();
    await user.type(screen.getByRole('searchbox', { name: 'Search criteria' }), 'gives');
    expect(screen.getByRole('heading', { name: /2 criteria match/ })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Gives status updates' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Gives feedback to peers' })).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'Delivers assigned tasks' })).toBeNull();
  });

  it('shows only what is not yet demonstrated when asked', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('checkbox', { name: 'Gives status updates' }));
    await user.click(
      screen.getByRole('checkbox', { name: 'Only what I have not yet demonstrated' }),
    );
    expect(screen.queryByRole('checkbox', { name: 'Gives status updates' })).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Asks for help early' })).toBeInTheDocument();
  });

  it('marks all of a topic level in one step and undoes it exactly', async () => {
    const { user, assessment, framework } = setup();
    const [first, second] = framework.topics[0]!.levels[0]!.criteria;
    await user.click(screen.getByRole('checkbox', { name: first!.text }));
    const before = assessment.record(first!.id);
    await user.click(screen.getByRole('button', { name: 'Mark all of Communication at level 1' }));
    expect(screen.getByRole('checkbox', { name: second!.text })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.getByRole('checkbox', { name: second!.text })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: first!.text })).toBeChecked();
    expect(assessment.record(first!.id)).toEqual(before);
  });

  it('clears all of a topic level and undoes it', async () => {
    const { user, framework } = setup();
    const criteria = framework.topics[0]!.levels[0]!.criteria;
    await user.click(screen.getByRole('button', { name: 'Mark all of Communication at level 1' }));
    await user.click(screen.getByRole('button', { name: 'Clear all of Communication at level 1' }));
    for (const criterion of criteria)
      expect(screen.getByRole('checkbox', { name: criterion.text })).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    for (const criterion of criteria)
      expect(screen.getByRole('checkbox', { name: criterion.text })).toBeChecked();
  });

  it('quick start marks everything below the chosen level in one undoable step', async () => {
    const { user, assessment, framework } = setup();
    await user.click(screen.getByText('Quick start'));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'I demonstrate everything below level' }),
      '3',
    );
    await user.click(screen.getByRole('button', { name: 'Mark them' }));
    const states = framework.topics
      .flatMap((topic) => topic.levels.flatMap((level) => level.criteria))
      .map((c) => [c.level, assessment.state(c.id)]);
    expect(states).toEqual([
      [1, 'demonstrated'],
      [1, 'demonstrated'],
      [2, 'demonstrated'],
      [2, 'demonstrated'],
      [1, 'demonstrated'],
      [3, 'not-yet'],
    ]);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(assessment.records.every((record) => record.state === 'not-yet')).toBe(true);
  });
});

describe('keyboard-only use', () => {
  it('reaches and ticks criteria, switches level and uses N/A without a mouse', async () => {
    const { user, view } = setup();
    await user.tab(); // the skip link
    await user.tab(); // brand link
    let guard = 0;
    const level2 = screen.getByRole('link', { name: /^Level 2,/ });
    while (document.activeElement !== level2 && guard++ < 20) await user.tab();
    await user.keyboard('{Enter}');
    flushSync();
    expect(view.level).toBe(2);
    guard = 0;
    while (
      document.activeElement !==
        screen.getByRole('checkbox', { name: 'Gives feedback to peers' }) &&
      guard++ < 30
    )
      await user.tab();
    await user.keyboard(' ');
    expect(screen.getByRole('checkbox', { name: 'Gives feedback to peers' })).toBeChecked();
    await user.tab();
    expect(document.activeElement).toHaveAccessibleName('Not applicable');
    await user.keyboard('{Enter}');
    expect(document.activeElement).toHaveAttribute('aria-pressed', 'true');
  });

  it('lets text fields keep every key: typing in search never triggers shortcuts', async () => {
    const { user, view } = setup();
    const search = screen.getByRole('searchbox', { name: 'Search criteria' });
    await user.type(search, '2 /?j k');
    expect(search).toHaveValue('2 /?j k');
    expect(view.level).toBe(1);
  });
});
