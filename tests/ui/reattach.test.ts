// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import OrphanedProgress from '../../src/lib/components/OrphanedProgress.svelte';
import type { CriterionProgress } from '../../src/lib/core/progress.ts';
import { Assessment } from '../../src/lib/state/assessment.svelte.ts';
import { fixtureFramework } from './helpers.ts';

function setup() {
  const framework = fixtureFramework('small.md');
  const removed: string[] = [];
  const written: CriterionProgress[] = [];
  const assessment = new Assessment(framework, {
    put: (record) => written.push(record),
    remove: (_, id) => removed.push(id),
    putSettings() {},
  });
  // Saved when the criterion read "Gives weekly status updates"; the file has since reworded it.
  const orphan: CriterionProgress = {
    frameworkId: framework.id,
    criterionId: 'communication.1.aaaaaaaaaaaa',
    state: 'demonstrated',
    evidence: 'Weekly notes in the team channel',
    updatedAt: '2026-03-01T10:00:00.000Z',
    topic: 'communication',
    level: 1,
    text: 'Gives weekly status updates',
  };
  assessment.load([orphan]);
  render(OrphanedProgress, { props: { assessment } });
  return { framework, assessment, orphan, removed, written, user: userEvent.setup() };
}

describe('progress for criteria the framework no longer has', () => {
  it('is listed with its old text and the most similar current criterion suggested', () => {
    setup();
    const item = screen.getByText('“Gives weekly status updates”').closest('li')!;
    expect(within(item).getByText(/demonstrated, with evidence/)).toBeInTheDocument();
    const select = within(item).getByRole('combobox', { name: 'Attach to' });
    expect((select as HTMLSelectElement).selectedOptions[0]?.textContent).toBe(
      'Level 1: Gives status updates',
    );
  });

  it('is re-attached when the user confirms, keeping state and evidence', async () => {
    const { user, assessment, framework, orphan, removed } = setup();
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    const target = framework.topics[0]!.levels[0]!.criteria[0]!;
    expect(assessment.record(target.id)).toMatchObject({
      state: 'demonstrated',
      evidence: 'Weekly notes in the team channel',
    });
    expect(removed).toEqual([orphan.criterionId]);
    expect(screen.queryByRole('heading', { name: /no longer has/ })).toBeNull();
  });

  it('can be attached to another criterion the user picks', async () => {
    const { user, assessment, framework } = setup();
    const other = framework.topics[1]!.levels[0]!.criteria[0]!;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Attach to' }), other.id);
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    expect(assessment.state(other.id)).toBe('demonstrated');
  });

  it('is only discarded after the user confirms', async () => {
    const { user, assessment, orphan } = setup();
    const confirm = vi
      .spyOn(window, 'confirm')
      .mockReturnValueOnce(false)
      .mockReturnValueOnce(true);
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(assessment.orphans).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(assessment.orphans).toHaveLength(0);
    expect(assessment.record(orphan.criterionId)).toBeUndefined();
    confirm.mockRestore();
  });
});

describe('a great many records for criteria the framework no longer has', () => {
  function setupMany(count: number) {
    const framework = fixtureFramework('small.md');
    const assessment = new Assessment(framework, {
      put() {},
      remove() {},
      putSettings() {},
    });
    assessment.load(
      Array.from({ length: count }, (_, index): CriterionProgress => ({
        frameworkId: framework.id,
        criterionId: `gone.1.${String(index).padStart(12, '0')}`,
        state: 'demonstrated',
        evidence: '',
        updatedAt: '2026-03-01T10:00:00.000Z',
        topic: 'gone',
        level: 1,
        text: `Old criterion number ${index}`,
      })),
    );
    render(OrphanedProgress, { props: { assessment } });
    return { user: userEvent.setup() };
  }

  it('renders one page of rows, never all of them, and says how many there are', () => {
    setupMany(3_000);
    const section = screen.getByRole('region', { name: /no longer has/ });
    expect(within(section).getAllByRole('listitem')).toHaveLength(20);
    expect(within(section).getAllByRole('listitem').length).toBeLessThanOrEqual(100);
    expect(section).toHaveTextContent('since you saved these 3,000');
    expect(section).toHaveTextContent('1–20 of 3,000');
  }, 20_000);

  it('pages through the rest, and finds records by their words', async () => {
    const { user } = setupMany(3_000);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('“Old criterion number 20”')).toBeInTheDocument();
    expect(screen.getByText(/21–40 of 3,000/)).toBeInTheDocument();
    await user.click(screen.getByRole('searchbox', { name: 'Find' }));
    await user.paste('number 2999');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('“Old criterion number 2999”')).toBeInTheDocument();
  }, 20_000);
});

describe('progress kept aside (a restored backup’s records for criteria the framework lacks)', () => {
  it('is counted at once and read only when the person asks for it', async () => {
    const framework = fixtureFramework('small.md');
    const aside = Array.from({ length: 45 }, (_, index): CriterionProgress => ({
      frameworkId: framework.id,
      criterionId: `gone.1.${String(index).padStart(12, '0')}`,
      state: 'demonstrated',
      updatedAt: '2026-03-01T10:00:00.000Z',
      topic: 'gone',
      level: 1,
      text: `Old criterion number ${index}`,
    }));
    const reads: string[] = [];
    const removed: string[][] = [];
    const assessment = new Assessment(framework, {
      put() {},
      remove() {},
      putSettings() {},
      loadDetached: async (id) => {
        reads.push(id);
        return aside;
      },
      removeDetached: async (_, ids) => {
        removed.push([...ids]);
      },
    });
    assessment.orphaned.setDetached(aside.length);
    render(OrphanedProgress, { props: { assessment } });
    const user = userEvent.setup();
    const section = screen.getByRole('region', { name: /no longer has/ });
    expect(section).toHaveTextContent('since you saved these 45');
    expect(within(section).queryAllByRole('listitem')).toHaveLength(0);
    expect(reads).toEqual([]);

    await user.click(within(section).getByRole('button', { name: 'Show them' }));
    expect(reads).toEqual([framework.id]);
    expect(await within(section).findAllByRole('listitem')).toHaveLength(20);
    expect(section).toHaveTextContent('1–20 of 45');
    expect(within(section).queryByRole('button', { name: 'Show them' })).toBeNull();

    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    await user.click(within(section).getAllByRole('button', { name: 'Discard' })[0]!);
    confirm.mockRestore();
    expect(removed).toEqual([[aside[0]!.criterionId]]);
    expect(section).toHaveTextContent('since you saved these 44');
  });
});
