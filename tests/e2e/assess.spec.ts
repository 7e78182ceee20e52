/**
 * Assessing in the production build: what an engineer ticks, qualifies and writes is still there
 * after a reload, the tools for working through many criteria do what they say, and the view
 * works by keyboard and passes axe.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  criterionItem,
  evidenceButton,
  examplesButton,
  frameworkPath,
  levelLink,
  markNotApplicable,
  openApp,
  reloadApp,
  showLevel,
  shownCriteria,
  storedRecord,
  untilReady,
} from './support/app.ts';
import { axeViolations } from './support/axe.ts';
import { backend, criteriaAt, criterionText } from './support/framework.ts';

const levelOne = criterionText(1, 0);
const levelThree = criteriaAt(3)[0]!;
const notApplicable = criteriaAt(3)[1]!;
const link = 'https://example.com/pulls/42';
const evidence = `Led the <b>storage</b> migration, see ${link} for the PR.`;
const reason = 'My team has no on-call rota.';

/** Opens a criterion's evidence disclosure and gives its text field. */
async function openEvidence(page: Page, text: string) {
  const item = criterionItem(page, text);
  await item.getByRole('button', { name: 'Add evidence', exact: true }).click();
  const field = item.getByRole('textbox', { name: `Evidence for: ${text}`, exact: true });
  // Opened to write: the field has the focus.
  await expect(field).toBeFocused();
  return field;
}

test('ticks, evidence with a link and a not-applicable reason are all there after a reload', async ({
  page,
}) => {
  await openApp(page);
  await checkbox(page, levelOne).check();
  await showLevel(page, 3);
  await checkbox(page, levelThree.text).check();
  await (await openEvidence(page, levelThree.text)).fill(evidence);
  await markNotApplicable(page, notApplicable.text, reason);
  // Evidence is written after a pause in typing, the reason when its field is left: wait for
  // both to be kept (a reload within the pause is the next test's subject).
  await expect.poll(async () => (await storedRecord(page, levelThree.id))?.evidence).toBe(evidence);
  await expect.poll(async () => (await storedRecord(page, notApplicable.id))?.reason).toBe(reason);

  await reloadApp(page);
  await expect(checkbox(page, levelThree.text)).toBeChecked();
  await expect(levelLink(page, 3)).toHaveAttribute('aria-current', 'page');
  const item = criterionItem(page, levelThree.text);
  // A criterion with evidence is marked as such, and its link is a link, not text or HTML.
  const marked = evidenceButton(item);
  await expect(marked).toHaveText('Evidence');
  await expect(item.getByRole('toolbar')).toHaveAccessibleName(levelThree.text);
  await marked.click();
  await expect(item.getByRole('textbox')).toHaveValue(evidence);
  const rendered = item.getByRole('link', { name: link, exact: true });
  await expect(rendered).toHaveAttribute('href', link);
  await expect(item.getByText('Led the <b>storage</b> migration')).toBeVisible();
  await expect(item.locator('b')).toHaveCount(0);
  await expect(item.getByText('Last changed')).toBeVisible();

  const naItem = criterionItem(page, notApplicable.text);
  await expect(naItem.getByRole('button', { name: 'Not applicable' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(checkbox(page, notApplicable.text)).toBeDisabled();
  await expect(naItem.getByLabel('Why it does not apply (optional)')).toHaveValue(reason);
  // A not-applicable criterion counts for nothing: level 3 has one criterion fewer.
  await expect(levelLink(page, 3)).toContainText(`1/${criteriaAt(3).length - 1}`);

  await showLevel(page, 1);
  await expect(checkbox(page, levelOne)).toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`1/${criteriaAt(1).length}`);
});

test('a tick survives a reload straight after the click', async ({ page }) => {
  await openApp(page);
  // Saved progress is open: the reload tests the write of the tick, not the queue before it.
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  const first = checkbox(page, levelOne);
  await first.check();
  await reloadApp(page);
  await expect(first).toBeChecked();
});

test('evidence typed just before a reload survives it (written when the page is hidden)', async ({
  page,
}) => {
  // Evidence waits for a pause in typing; leaving the page must write it all the same.
  const text = 'Typed and reloaded at once';
  const target = criterionText(1, 1);
  await openApp(page);
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  const field = await openEvidence(page, target);
  // Typing and reloading in one task, so the 400 ms typing pause cannot have ended.
  await Promise.all([
    page.waitForEvent('load'),
    field.evaluate((element: HTMLTextAreaElement, value) => {
      element.value = value;
      element.dispatchEvent(new Event('input', { bubbles: true }));
      location.reload();
    }, text),
  ]);
  await untilReady(page);
  const item = criterionItem(page, target);
  await evidenceButton(item).click();
  await expect(item.getByRole('textbox')).toHaveValue(text, { timeout: 2000 });
});

test('mark all of a topic, then undo, restores exactly what was there', async ({ page }) => {
  await openApp(page);
  const topic = backend.topics.find((candidate) => candidate.name === 'communication')!;
  const criteria = topic.levels.find((entry) => entry.level === 1)!.criteria;
  expect(criteria.length).toBeGreaterThan(2);
  await checkbox(page, criteria[0]!.text).check();

  await page.getByRole('button', { name: `Mark all of ${topic.title} at level 1` }).click();
  for (const criterion of criteria) await expect(checkbox(page, criterion.text)).toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`${criteria.length}/${criteriaAt(1).length}`);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeHidden();
  await expect(checkbox(page, criteria[0]!.text)).toBeChecked();
  for (const criterion of criteria.slice(1))
    await expect(checkbox(page, criterion.text)).not.toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`1/${criteriaAt(1).length}`);

  // The undo was kept, not only shown.
  await expect.poll(async () => (await storedRecord(page, criteria[1]!.id))?.state).toBe('not-yet');
  await reloadApp(page);
  await expect(checkbox(page, criteria[0]!.text)).toBeChecked();
  for (const criterion of criteria.slice(1))
    await expect(checkbox(page, criterion.text)).not.toBeChecked();
});

test('search finds criteria across levels and topics, and clearing it returns to the level', async ({
  page,
}) => {
  const needle = 'review';
  const expected = backend.topics.flatMap((topic) =>
    topic.levels.flatMap((entry) =>
      entry.criteria.filter(
        (criterion) =>
          criterion.text.toLowerCase().includes(needle) ||
          criterion.examples.some((example) => example.toLowerCase().includes(needle)) ||
          topic.title.toLowerCase().includes(needle),
      ),
    ),
  );
  // The word must be spread over several levels for this test to mean anything.
  expect(new Set(expected.map((criterion) => criterion.level)).size).toBeGreaterThan(1);

  await openApp(page);
  await page.getByRole('searchbox', { name: 'Search criteria' }).fill(needle);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${needle}`));
  await expect(
    page.getByRole('heading', { name: new RegExp(`^${expected.length} criteri`) }),
  ).toBeVisible();
  await expect(shownCriteria(page)).toHaveCount(expected.length);
  for (const criterion of expected) await expect(checkbox(page, criterion.text)).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search criteria' }).fill('');
  await expect(shownCriteria(page)).toHaveCount(criteriaAt(1).length);
});

test('works by keyboard alone, with visible focus', async ({ page }) => {
  await openApp(page);
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return {
        text: element?.textContent?.trim() ?? '',
        isCriterion: Boolean(element?.matches('li.criterion input[type="checkbox"]')),
        id: element?.id ?? '',
        focusVisible: Boolean(element?.matches(':focus-visible')),
        outline: element ? getComputedStyle(element).outlineStyle : 'none',
      };
    });
  /** Presses Tab until `done` says so of the focused element; throws after 60 presses. */
  async function tabUntil(done: (state: Awaited<ReturnType<typeof focused>>) => boolean) {
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press('Tab');
      const state = await focused();
      if (done(state)) return state;
    }
    throw new Error('Tab never reached the element');
  }

  const onLink = await tabUntil((state) => /^Level 2\b/.test(state.text));
  expect(onLink.focusVisible).toBe(true);
  expect(onLink.outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]level=2\b/);
  await expect(levelLink(page, 2)).toHaveAttribute('aria-current', 'page');

  const first = criteriaAt(2)[0]!;
  const onBox = await tabUntil((state) => state.isCriterion);
  expect(onBox.id).toBe(`c-${first.id}`);
  expect(onBox.focusVisible).toBe(true);
  expect(onBox.outline).not.toBe('none');
  await page.keyboard.press('Space');
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(levelLink(page, 2)).toContainText(`1/${criteriaAt(2).length}`);
});

/** The first criterion with examples, and two others of its level. */
const withExamples = backend.levels
  .flatMap((level) => criteriaAt(level))
  .find((criterion) => criterion.examples.length > 0)!;
const neighbours = criteriaAt(withExamples.level).filter(
  (criterion) => criterion.id !== withExamples.id,
);

/**
 * The assess view with every kind of field open: a tick, a not-applicable reason, an evidence
 * field with a link and an examples disclosure.
 */
async function openBusyView(page: Page): Promise<void> {
  await openApp(page, frameworkPath({ level: withExamples.level }));
  await checkbox(page, neighbours[0]!.text).check();
  await markNotApplicable(page, neighbours[1]!.text, reason);
  await (await openEvidence(page, neighbours[0]!.text)).fill(evidence);
  const examples = examplesButton(criterionItem(page, withExamples.text));
  await examples.click();
  await expect(examples).toHaveAttribute('aria-expanded', 'true');
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations with reason, evidence and examples open (${colorScheme})`, async ({
    page,
  }) => {
    // Axe over a level of criteria, each with its actions: more than 30 s on a busy machine.
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme });
    await openBusyView(page);
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('the assess view fits phone and desktop widths, standing and first criterion in view', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openBusyView(page);
  const firstCheckbox = page.getByRole('checkbox').first();

  for (const [width, height] of [
    [390, 844],
    [1280, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    // From the top, so the sticky summary sits where a person first sees it.
    await page.evaluate(() => window.scrollTo(0, 0));
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, `${width}px wide`).toBeLessThanOrEqual(innerWidth);
    await expect(page.getByRole('region', { name: 'Your standing' })).toBeInViewport();
    // Scrolled to, the first criterion shows whole, within the width.
    await firstCheckbox.scrollIntoViewIfNeeded();
    await expect(firstCheckbox).toBeInViewport();
    const box = await firstCheckbox.boundingBox();
    expect(box!.x + box!.width, `${width}px wide`).toBeLessThanOrEqual(width);
    // Kept for people to look at; the checks above are what fails.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: testInfo.outputPath(`assess-${width}x${height}.png`) });
  }
});

test('scrolling to the end of a level moves nothing: no topic changes size as it comes into view', async ({
  page,
}) => {
  // A topic laid out only when it came near the viewport used to grow then, by hundreds of
  // pixels, moving what was under the pointer (a press on the footer's buttons landed elsewhere).
  const footerTop = () =>
    page.evaluate(() => {
      const footer = document.querySelector('footer')!;
      return Math.round(footer.getBoundingClientRect().top + window.scrollY);
    });
  const nextFrames = () =>
    page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
  await openApp(page);
  for (const [width, height] of [
    [1280, 720],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await showLevel(page, 2);
    await expect(page.getByRole('button', { name: 'Download a backup' })).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await nextFrames();
    const before = await footerTop();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await nextFrames();
    expect(await footerTop(), `${width}px wide`).toBe(before);
    await showLevel(page, 1);
  }
});

test('a criterion ticked before the page came to life stays ticked and is kept', async ({
  page,
}) => {
  // Hold the app's script back, tick on the prerendered page, then let the script run.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/app-*.js', async (route) => {
    await held;
    await route.continue();
  });
  const target = criterionText(1, 0);
  await page.goto(frameworkPath(), { waitUntil: 'commit' });
  await checkbox(page, target).check();
  release();
  await untilReady(page);
  await expect(checkbox(page, target)).toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`1/${criteriaAt(1).length}`);
  // Storage opens at once for a change made this early; wait until the tick is written.
  await expect
    .poll(async () => (await storedRecord(page, criteriaAt(1)[0]!.id))?.state)
    .toBe('demonstrated');
  await reloadApp(page);
  await expect(checkbox(page, target)).toBeChecked();
});
