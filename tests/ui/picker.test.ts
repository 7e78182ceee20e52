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
  summary('engineering/web', 'Web', 'engineering'),
  summary('people', 'People', null),
  summary('engineering/backend', 'Backend', 'engineering'),
  summary('design/product', 'Product design', 'design'),
];

describe('the framework picker', () => {
  it('groups frameworks by sidebarGroup, sorted, with ungrouped ones last', () => {
    render(FrameworkPicker, {
      props: { catalogue, current: 'engineering/backend', onpick: () => {} },
    });
    const select = screen.getByRole('combobox', { name: 'Framework' });
    const groups = within(select).getAllByRole('group');
    expect(groups.map((group) => group.getAttribute('label'))).toEqual(['design', 'engineering']);
    expect(
      within(groups[1]!)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Backend', 'Web']);
    expect(within(select).getAllByRole('option').at(-1)?.textContent).toBe('People');
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
