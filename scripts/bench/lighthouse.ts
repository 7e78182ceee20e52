/**
 * Lighthouse 12 against a page of the bench's server, mobile and desktop, in the system's
 * Chromium: the four category scores, 0–100. Null when Lighthouse could not run (the reason is
 * printed). It runs through `npx` at a pinned version rather than as a dev dependency: its 200
 * packages would slow every `npm ci` for a tool only the bench uses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../../tests/e2e/support/chromium.ts';

export type FormFactor = 'mobile' | 'desktop';
export const LIGHTHOUSE_VERSION = '12.8.2';
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Scores = Record<(typeof CATEGORIES)[number], number>;

interface Report {
  categories: Record<string, { score: number | null }>;
}

export function lighthouse(url: string, formFactor: FormFactor): Scores | null {
  const folder = mkdtempSync(join(tmpdir(), 'progression-lighthouse-'));
  const output = join(folder, 'report.json');
  try {
    const result = spawnSync(
      'npx',
      [
        '--yes',
        `lighthouse@${LIGHTHOUSE_VERSION}`,
        url,
        '--quiet',
        '--output=json',
        `--output-path=${output}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        `--chrome-flags=--headless=new ${chromiumArgs.join(' ')}`,
        ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
      ],
      { encoding: 'utf8', env: { ...process.env, CHROME_PATH: chromiumPath }, timeout: 180_000 },
    );
    if (result.status !== 0) {
      console.log(
        `  Lighthouse (${formFactor}) could not run: ${(result.stderr || result.error?.message || '').trim().split('\n').at(-1)}`,
      );
      return null;
    }
    const report = JSON.parse(readFileSync(output, 'utf8')) as Report;
    const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
