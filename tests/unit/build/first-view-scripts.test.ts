import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EARLY_CHANGES_KEY,
  EARLY_PRESS,
  FIRST_VIEW_MESSAGE,
  HINTS_CACHE,
  MIRROR_KEY_PREFIX,
  PRERENDERED_LEVEL,
  RESTORING_CLASS,
} from '../../../src/first-view/keys.ts';
import { contentSecurityPolicy, inlineScript } from '../../../scripts/first-view/build.ts';

describe('the first view inline scripts', () => {
  it('are classic scripts (no import or export), the first view ones using the keys the app reads', async () => {
    const head = await inlineScript('src/first-view/head.ts');
    const page = await inlineScript('src/first-view/page.ts');
    const notFound = await inlineScript('src/first-view/not-found.ts');
    for (const script of [head, page, notFound]) {
      expect(script.code).not.toMatch(/\b(import|export)\s*[{(*]/);
      expect(() => new Function(script.code)).not.toThrow();
    }
    expect(head.code).toContain(MIRROR_KEY_PREFIX);
    expect(head.code).toContain(RESTORING_CLASS);
    expect(page.code).toContain(MIRROR_KEY_PREFIX);
    expect(page.code).toContain(EARLY_CHANGES_KEY);
    expect(page.code).toContain(RESTORING_CLASS);
    expect(page.code).toContain(EARLY_PRESS);
    expect(page.code).toContain(`dataset.${PRERENDERED_LEVEL}`);
    const worker = await inlineScript('src/service-worker/service-worker.ts');
    expect(worker.code).toContain(FIRST_VIEW_MESSAGE);
    expect(worker.code).toContain(HINTS_CACHE);
  });

  it('are allowed by the hash of exactly their text', async () => {
    const page = await inlineScript('src/first-view/page.ts');
    const hash = createHash('sha256').update(page.code).digest('base64');
    expect(page.hash).toBe(`'sha256-${hash}'`);
    const policy = contentSecurityPolicy([page.hash]);
    expect(policy).toContain(`script-src 'self' ${page.hash};`);
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});
