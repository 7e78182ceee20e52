// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Home from '../../src/lib/components/Home.svelte';
import type { FrameworkSummary } from '../../src/lib/core/catalogue.ts';

const summary = (
  id: string,
  sidebarTitle: string,
  group: string | null,
  levels = [1, 2, 3],
): FrameworkSummary => ({
  id,
  title: `${sidebarTitle} framework`,
  sidebarTitle,
  group,
  levels,
  criterionCount: 40,
});

describe('the home page', () => {
  it(
    'lets a newcomer choose a framework in one step, grouped as Monzo’s sidebar groups them',
    { timeout: 20_000 },
    () => {
      render(Home, {
        props: {
          catalogue: [
            summary('product', '🚀 Product', null, [1, 2, 3, 4]),
            summary('design/visual-design', '🎯 Visual Design', 'design'),
            summary('engineering/backend', '🛠️ Backend', 'engineering', [1, 2, 3, 4, 5, 6]),
          ],
        },
      });
      const choose = screen.getByRole('navigation', { name: 'Choose your framework' });
      expect(
        within(choose)
          .getAllByRole('heading')
          .map((heading) => heading.textContent),
      ).toEqual(['Engineering', 'Design', 'More frameworks']);
      const backend = within(choose).getByRole('link', { name: '🛠️ Backend' });
      expect(backend).toHaveAttribute('href', '/engineering/backend');
      expect(backend.parentElement).toHaveTextContent('40 criteria, levels 1–6');
    },
  );

  it('lists the frameworks the person added above the shipped ones: single files, then each set', async () => {
    const shipped = [summary('engineering/backend', '🛠️ Backend', 'engineering')];
    const own: FrameworkSummary[] = [
      { ...summary('team/platform', 'Platform team', null), own: true },
      { ...summary('acme:web', 'Web', null), own: true, set: 'Acme engineering' },
    ];
    render(Home, { props: { catalogue: shipped, loadOwn: () => Promise.resolve(own) } });
    const yours = await screen.findByRole('navigation', { name: 'Your frameworks' });
    expect(
      within(yours)
        .getAllByRole('heading')
        .map((heading) => heading.textContent),
    ).toEqual(['Acme engineering', 'Files you added']);
    expect(within(yours).getByRole('link', { name: 'Platform team' })).toHaveAttribute(
      'href',
      '/team/platform',
    );
    const choose = screen.getByRole('navigation', { name: 'Choose your framework' });
    expect(
      within(choose)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['🛠️ Backend']);
  });

  it('stays the plain chooser when the person’s frameworks cannot be read', async () => {
    let failed = false;
    render(Home, {
      props: {
        catalogue: [summary('generic', 'Generic', null)],
        loadOwn: () => {
          failed = true;
          return Promise.reject(new Error('storage blocked'));
        },
      },
    });
    await Promise.resolve();
    expect(failed).toBe(true);
    expect(screen.queryByRole('navigation', { name: 'Your frameworks' })).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Choose your framework' })).toBeInTheDocument();
  });

  it('credits Monzo’s frameworks and links their licence', () => {
    render(Home, { props: { catalogue: [summary('generic', 'Generic', null)] } });
    expect(screen.getByRole('link', { name: 'MIT licence' })).toHaveAttribute(
      'href',
      '/licences/monzo.txt',
    );
    expect(screen.getByText(/© 2019 Monzo Bank Limited/)).toBeInTheDocument();
  });
});
