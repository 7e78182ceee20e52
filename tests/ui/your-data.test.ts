// @vitest-environment jsdom
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import YourData from '../../src/lib/components/YourData.svelte';
import { backupToText, buildBackup } from '../../src/lib/core/backup.ts';
import { SavedProgress } from '../../src/lib/state/saved-progress.svelte.ts';
import { createMemoryStore, MemoryDatabase } from '../../src/lib/storage/index.ts';
import { BACKEND, progress } from '../unit/progress-fixture.ts';

describe('Your data', () => {
  it('says when a restored backup had times more than a day ahead, taken as the restore’s', async () => {
    const saved = new SavedProgress({
      open: async () => createMemoryStore({ database: new MemoryDatabase() }),
    });
    const backup = buildBackup(
      {
        frameworks: [
          {
            frameworkId: BACKEND,
            settings: null,
            criteria: [
              progress('impact.2.aaaaaaaaaaaa', { updatedAt: '9999-12-31T00:00:00.000Z' }),
              progress('impact.2.bbbbbbbbbbbb'),
            ],
          },
        ],
        collections: {},
      },
      new Date('2026-03-01T00:00:00.000Z'),
    );
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(YourData, { props: { saved } });

    await userEvent.upload(
      screen.getByLabelText('Backup file to restore'),
      new File([backupToText(backup)], 'backup.json', { type: 'application/json' }),
    );

    expect(
      await screen.findByText(
        'Restored from backup.json. One change was dated more than a day from now (a clock set wrong?), and taken as made now.',
        {},
        // The restore loads its code on first use: on a busy machine that takes more than a second.
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    const [ahead] = await saved.loadRecords(BACKEND);
    expect(Date.parse(ahead!.updatedAt)).toBeLessThanOrEqual(Date.now());
  });
  it('says so when a backup cannot be made, rather than doing nothing', async () => {
    const saved = new SavedProgress({
      open: async () => createMemoryStore({ database: new MemoryDatabase() }),
    });
    vi.spyOn(saved, 'backup').mockRejectedValue(new Error('The storage is closed'));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(YourData, { props: { saved } });

    await userEvent.click(screen.getByRole('button', { name: 'Download a backup' }));

    expect(
      await screen.findByText(/The backup could not be made \(The storage is closed\)/),
    ).toBeVisible();
  });
});
