// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import App from '../../src/App.svelte';
import Overview from '../../src/lib/components/Overview.svelte';
import ShareDialog from '../../src/lib/components/ShareDialog.svelte';
import type { FrameworkSettings } from '../../src/lib/core/progress.ts';
import { Assessment } from '../../src/lib/state/assessment.svelte.ts';
import { ReportChoices } from '../../src/lib/state/report.svelte.ts';
import { SavedProgress } from '../../src/lib/state/saved-progress.svelte.ts';
import type { Snapshots } from '../../src/lib/state/snapshots.svelte.ts';
import { View } from '../../src/lib/state/view.svelte.ts';
import { createMemoryStore } from '../../src/lib/storage/index.ts';
import { fixtureFramework, libraryOf } from './helpers.ts';

beforeAll(() => {
  // jsdom lays nothing out, so it has no scrolling either.
  Element.prototype.scrollIntoView ??= () => {};
  // jsdom has <dialog> but not its modal methods: open and close it as a browser would.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
});

/** Presses each key in turn and checks that it moved the focus to its element. */
async function expectKeysToFocus(
  user: ReturnType<typeof userEvent.setup>,
  steps: readonly (readonly [key: string, element: HTMLElement])[],
) {
  for (const [key, element] of steps) {
    await user.keyboard(key);
    expect(document.activeElement, key).toBe(element);
  }
}

function setup(route: { level?: number; tab?: 'assess' | 'overview' } = {}) {
  const framework = fixtureFramework('small.md');
  const settings: FrameworkSettings[] = [];
  const assessment = new Assessment(framework, {
    put() {},
    remove() {},
    putSettings: (kept) => settings.push(kept),
  });
  const view = new View(framework.id, framework.levels, {
    frameworkId: framework.id,
    level: route.level ?? null,
    query: '',
    tab: route.tab ?? 'assess',
  });
  const saved = new SavedProgress({ open: () => Promise.resolve(createMemoryStore()) });
  const user = userEvent.setup();
  return { framework, assessment, view, saved, settings, user };
}

function renderApp(context: ReturnType<typeof setup>) {
  const { framework, assessment, view, saved } = context;
  render(App, { props: { library: libraryOf(framework, saved), assessment, view, saved } });
}

// Rendering the whole app in jsdom takes seconds on a busy machine: more than the 5 s default.
describe('getting around with the keyboard', { timeout: 20_000 }, () => {
  it('starts with a skip link that takes focus to the criteria', async () => {
    const context = setup();
    renderApp(context);
    await context.user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to criteria' });
    expect(document.activeElement).toBe(skip);
    await context.user.keyboard('{Enter}');
    expect(document.activeElement).toBe(document.getElementById('criteria'));
    // The next Tab is the first criterion.
    await context.user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole('checkbox', { name: 'Gives status updates' }),
    );
  });

  it('costs two Tab stops per criterion: its checkbox, then its actions, moved through with ← →', async () => {
    const context = setup({ level: 2 });
    renderApp(context);
    const first = screen.getByRole('checkbox', { name: 'Gives feedback to peers' });
    first.focus();
    await context.user.tab();
    const actions = screen.getByRole('toolbar', { name: 'Gives feedback to peers' });
    expect(document.activeElement).toBe(
      within(actions).getByRole('button', { name: 'Not applicable' }),
    );
    await context.user.tab();
    // Past the first criterion's actions: the next criterion (examples are inside the toolbar).
    expect(document.activeElement).toBe(
      screen.getByRole('checkbox', { name: 'Writes clear PR descriptions' }),
    );
    const second = screen.getByRole('toolbar', { name: 'Writes clear PR descriptions' });
    const buttons = within(second).getAllByRole('button');
    expect(buttons.map((button) => button.textContent?.trim())).toEqual([
      'N/A',
      'Example',
      'Add evidence',
    ]);
    expect(buttons.map((button) => button.tabIndex)).toEqual([0, -1, -1]);
    buttons[0]!.focus();
    await expectKeysToFocus(context.user, [
      ['{ArrowRight}', buttons[1]!],
      ['{End}', buttons[2]!],
      ['{ArrowRight}', buttons[0]!],
      ['{ArrowLeft}', buttons[2]!],
    ]);
    expect(buttons.map((button) => button.tabIndex)).toEqual([-1, -1, 0]);
  });

  it('skips the buttons a criterion does not offer: ← → and its tab stop move over shown ones only', async () => {
    const context = setup({ level: 2 });
    renderApp(context);
    const actions = screen.getByRole('toolbar', { name: 'Gives feedback to peers' });
    // No examples here: the examples button is in the markup, hidden.
    expect(actions.querySelectorAll('button[hidden]')).toHaveLength(1);
    const shown = within(actions).getAllByRole('button');
    expect(shown.map((button) => button.textContent?.trim())).toEqual(['N/A', 'Add evidence']);
    shown[0]!.focus();
    await expectKeysToFocus(context.user, [
      ['{ArrowRight}', shown[1]!],
      ['{ArrowRight}', shown[0]!],
      ['{ArrowLeft}', shown[1]!],
    ]);
    expect(shown.map((button) => button.tabIndex)).toEqual([-1, 0]);
  });

  it('moves between criteria with ↓ ↑ and between topics with Page Down / Page Up, as documented', async () => {
    const context = setup();
    renderApp(context);
    expect(screen.getByText(/Keys:/)).toHaveTextContent(
      "Keys: Space ticks, ↓ ↑ next or previous criterion, Page Down Page Up next or previous topic, ← → a criterion's actions, Esc the summary above.",
    );
    const box = (name: string) => screen.getByRole('checkbox', { name });
    box('Gives status updates').focus();
    await context.user.keyboard(' ');
    expect(box('Gives status updates')).toBeChecked();
    await expectKeysToFocus(context.user, [
      ['{ArrowDown}', box('Asks for help early')],
      ['{ArrowDown}', box('Delivers assigned tasks')],
      ['{ArrowUp}', box('Asks for help early')],
      ['{PageDown}', box('Delivers assigned tasks')],
      ['{PageUp}', box('Gives status updates')],
      ['{Escape}', screen.getByRole('region', { name: 'Your standing' })],
    ]);
  });

  it('ends a level with "Next level", which moves on and focuses the new level’s heading', async () => {
    const context = setup();
    renderApp(context);
    const next = screen.getByRole('link', { name: 'Next level: Level 2' });
    expect(next).toHaveAttribute('href', '/test/small?level=2');
    next.focus();
    await context.user.keyboard('{Enter}');
    flushSync();
    expect(context.view.level).toBe(2);
    const heading = screen.getByRole('heading', { level: 2, name: 'Level 2' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await context.user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole('checkbox', { name: 'Gives feedback to peers' }),
    );
    // The last level has nowhere to go.
    context.view.selectLevel(3);
    flushSync();
    expect(screen.queryByRole('link', { name: /^Next level/ })).toBeNull();
  });
});

describe('what a screen reader hears', { timeout: 20_000 }, () => {
  it('outlines the page as framework, level, topic', () => {
    const context = setup();
    renderApp(context);
    const outline = screen
      .getAllByRole('heading')
      .map((heading) => `h${heading.tagName.slice(1)} ${heading.textContent?.trim()}`);
    expect(outline).toEqual(['h1 Small framework', 'h2 Level 1', 'h3 Communication', 'h3 Impact']);
  });

  it('names the level tabs with their numbers in words, and N/A as "Not applicable"', () => {
    const context = setup();
    context.assessment.setDemonstrated(context.framework.topics[0]!.levels[0]!.criteria[0]!, true);
    renderApp(context);
    const tabs = within(screen.getByRole('navigation', { name: 'Levels' })).getAllByRole('link');
    expect(tabs.map((tab) => tab.getAttribute('aria-label'))).toEqual([
      'Level 1, 1 of 3 demonstrated',
      'Level 2, 0 of 2 demonstrated',
      'Level 3, 0 of 1 demonstrated',
    ]);
    expect(screen.getAllByRole('button', { name: 'Not applicable' })).toHaveLength(3);
  });

  it('names each chart’s "Save as image" by its chart', () => {
    const context = setup({ tab: 'overview' });
    render(Overview, { props: { assessment: context.assessment, view: context.view } });
    expect(
      screen
        .getAllByRole('button', { name: /^Save as image/ })
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Save as image: the coverage chart', 'Save as image: the standing chart']);
  });
});

describe('the level in view', { timeout: 20_000 }, () => {
  it('greets a newcomer with how to begin, not a level, and shows the level once there is one', () => {
    const context = setup();
    renderApp(context);
    const summary = screen.getByRole('region', { name: 'Your standing' });
    expect(summary).toHaveTextContent('Not started yet');
    expect(summary).toHaveTextContent('Tick what you already do, or use Quick start');
    expect(summary).not.toHaveTextContent(/\b1A\b/);
    // Quick start is open for a newcomer.
    expect(screen.getByText('Quick start').closest('details')).toHaveAttribute('open');
    context.assessment.setDemonstrated(context.framework.topics[0]!.levels[0]!.criteria[0]!, true);
    flushSync();
    expect(summary).toHaveTextContent('Suggested level 1C');
    expect(summary).not.toHaveTextContent('Not started yet');
    // The hint stays all visit, as Quick start does: the bar keeps its lines.
    expect(summary).toHaveTextContent('Tick what you already do, or use Quick start');
    // Progress brought from storage is no newcomer's.
    context.assessment.load([
      { ...context.assessment.record(context.framework.topics[0]!.levels[0]!.criteria[0]!.id)! },
    ]);
    flushSync();
    expect(summary).toHaveTextContent('Suggested level 1C');
    expect(summary).not.toHaveTextContent('Tick what you already do');
  });

  it('leaves Quick start open while a newcomer ticks, and folds it for progress loaded from storage', () => {
    const context = setup();
    renderApp(context);
    const quickStart = screen.getByText('Quick start').closest('details');
    const first = context.framework.topics[0]!.levels[0]!.criteria[0]!;
    expect(quickStart).toHaveAttribute('open');
    // Folding it at the first tick would move the criteria under the pointer.
    context.assessment.setDemonstrated(first, true);
    flushSync();
    expect(quickStart).toHaveAttribute('open');
    context.assessment.setDemonstrated(first, false);
    flushSync();
    expect(quickStart).toHaveAttribute('open');
    // Progress read from storage after the view was shown (a user's framework).
    context.assessment.load([{ ...context.assessment.record(first.id)!, state: 'demonstrated' }]);
    flushSync();
    expect(quickStart).not.toHaveAttribute('open');
  });

  it('keeps the per-topic coverage of the level in view in the summary', async () => {
    const context = setup();
    renderApp(context);
    context.assessment.setDemonstrated(context.framework.topics[0]!.levels[0]!.criteria[0]!, true);
    flushSync();
    const summary = screen.getByRole('region', { name: 'Your standing' });
    const toggle = within(summary).getByText('Level 1 by topic');
    await context.user.click(toggle);
    const [communication, impact, ...rest] = within(summary).getAllByRole('listitem');
    expect(rest).toEqual([]);
    expect(communication).toHaveTextContent(/^Communication.*1 of 2 demonstrated$/);
    expect(impact).toHaveTextContent(/^Impact.*0 of 1 demonstrated$/);
    context.view.selectLevel(2);
    flushSync();
    expect(within(summary).getByText('Level 2 by topic')).toBeInTheDocument();
  });

  it('explains the overview for a newcomer, and the A–E bands beside the percentage', () => {
    const context = setup({ tab: 'overview' });
    render(Overview, { props: { assessment: context.assessment, view: context.view } });
    expect(screen.getByRole('heading', { name: 'Not started yet' })).toBeInTheDocument();
    expect(screen.getByText(/^You have not started yet/)).toBeInTheDocument();
    context.assessment.setDemonstrated(context.framework.topics[0]!.levels[0]!.criteria[0]!, true);
    flushSync();
    expect(screen.getByText('At level 1 you show 1 of 3 = 33%, sub-level C.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Sub-levels are fifths of the way to the 80% threshold: A below 16%, B from 16%, C from 32%, D from 48%, E from 64%.',
      ),
    ).toBeInTheDocument();
  });
});

describe('sharing', { timeout: 20_000 }, () => {
  it('opens Share from the summary: the report, a link and a snapshot, with the name the report keeps', async () => {
    const context = setup({ level: 3 });
    const exports: unknown[] = [];
    const snapshots = {
      export: async (choices: unknown) => {
        exports.push(choices);
        return { fileName: 'progression-test.json', text: '{}' };
      },
    } as unknown as Snapshots;
    URL.createObjectURL ??= () => 'blob:test';
    URL.revokeObjectURL ??= () => {};
    let closed = 0;
    const choices = new ReportChoices(context.saved);
    render(ShareDialog, {
      props: {
        assessment: context.assessment,
        snapshots,
        view: context.view,
        choices,
        onclose: () => (closed += 1),
      },
    });
    const dialog = screen.getByRole('dialog', { name: 'Share your assessment' });
    expect(dialog).toHaveAttribute('open');
    expect(within(dialog).getByRole('link', { name: 'Open the report' })).toHaveAttribute(
      'href',
      expect.stringContaining('view=report'),
    );
    expect(within(dialog).getByRole('button', { name: 'Copy share link' })).toBeInTheDocument();
    const name = within(dialog).getByRole('textbox', { name: 'Name (optional)' });
    await context.user.type(name, '  Ada Lovelace ');
    await context.user.click(within(dialog).getByRole('button', { name: 'Export snapshot' }));
    expect(exports).toEqual([{ person: 'Ada Lovelace', includeSource: true }]);
    // The one name of reports, links and snapshots, kept between visits.
    expect(choices.person.trim()).toBe('Ada Lovelace');
    const again = new ReportChoices(context.saved);
    await waitFor(async () => {
      await again.load();
      expect(again.person).toBe('Ada Lovelace');
    });
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'Snapshot downloaded as progression-test.json.',
    );
    await context.user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(closed).toBe(1);
  });

  it('puts Share in the summary kept in view, on every level', () => {
    const context = setup({ level: 3 });
    renderApp(context);
    const summary = screen.getByRole('region', { name: 'Your standing' });
    expect(within(summary).getByRole('button', { name: 'Share' })).toHaveAttribute(
      'aria-haspopup',
      'dialog',
    );
  });
});
