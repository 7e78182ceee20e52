// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import FrameworkPicker from '../../src/lib/components/FrameworkPicker.svelte';
import type { FrameworkSummary } from '../../src/lib/core/catalogue.ts';

const summary = (id: string, title: string, group: string | null): FrameworkSummary => ({
  id,
  title,
  sidebarTitle: null,
  group,
  levels: [1, 2],
  criterionCount: 3,
});

const catalogue = [
  summary('engineering/web', '🌐 Web', 'engineering'),
  summary('people', 'People', null),
  summary('engineering/backend', '🛠️ Backend', 'engineering'),
  summary('operations/leadership', 'Leadership', 'operations'),
  summary('design/product', 'Product design', 'design'),
  { ...summary('acme/engineering/web', 'Acme web', null), own: true, set: 'acme' },
  { ...summary('team/platform', 'Platform', 'engineering'), own: true },
];

describe('the framework picker', () => {
  it('groups frameworks as Monzo’s sidebar does, then the user’s sets and files', () => {
    render(FrameworkPicker, {
      props: { catalogue, current: 'engineering/backend', onpick: () => {} },
    });
    const select = screen.getByRole('combobox', { name: 'Framework' });
    const groups = within(select).getAllByRole('group');
    expect(groups.map((group) => group.getAttribute('label'))).toEqual([
      'Engineering',
      'Design',
      'Operations',
      'More frameworks',
      'Acme',
      'Yours',
    ]);
    // Sorted by name, leading emoji aside.
    expect(
      within(groups[0]!)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['🛠️ Backend', '🌐 Web']);
    expect(within(groups[3]!).getByRole('option').textContent).toBe('People');
    expect(within(groups[5]!).getByRole('option').textContent).toBe('Platform');
    expect(select).toHaveValue('engineering/backend');
  });

  it('reports the chosen framework id', async () => {
    const onpick = vi.fn();
    render(FrameworkPicker, { props: { catalogue, current: 'engineering/backend', onpick } });
    await userEvent
      .setup()
      .selectOptions(screen.getByRole('combobox', { name: 'Framework' }), 'people');
    expect(onpick).toHaveBeenCalledWith('people');
  });
});
