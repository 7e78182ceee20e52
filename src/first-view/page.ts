/**
 * Inline at the end of every prerendered page's body: makes the page a working page on its own
 * before (and without) the app's script.
 *
 * - Shows a returning user's stored ticks, level counts and suggested level before the first
 *   paint, from the first-view mirror the app keeps in localStorage (a hint: the app checks it
 *   against IndexedDB when it takes over, and rewrites it).
 * - Counts a tick made before the app started into its level's count at once, notes it for the
 *   app (kept in localStorage, so a tick is not lost if the page goes away first) and marks the
 *   checkbox with `data-early`, so the app applies each early change exactly once.
 * - Marks a press on any other button or switch of the page (`data-early-press`), which does
 *   nothing without the app: the app presses it again once it has taken over.
 * - Loads the app at the first sign of a person (a pointer moving, a touch, a key, focus); for a
 *   returning person, whose page shows the mirror's hint, also once the page is idle; when another
 *   tab changes this framework's progress; or at once when the address asks for more than the
 *   prerendered view (a level, a search, a share link, another framework). A newcomer's page that
 *   nobody touches runs no app script.
 * - Registers the service worker once the page has loaded and the browser is idle, so one visit
 *   is enough to work offline later, with or without the app.
 *
 * It stops counting as soon as the app has taken over (`data-ready` on `<html>`). Built without
 * imports (see `keys.ts` for the strings repeated here) and allowed by the page's CSP by its hash.
 */
import type { EarlyChange, FirstViewMirror } from './keys.ts';

{
  const root = document.documentElement;
  const app = document.getElementById('app');
  const frameworkId = root.dataset.framework ?? '';
  const mirrorKey = `progression.first-view:${frameworkId}`;
  const earlyKey = 'progression.first-view.early';
  let storage: Storage | null = null;
  try {
    storage = localStorage;
  } catch {
    // Storage blocked: ticks are still counted and handed to the app in the page.
  }
  const read = (key: string): unknown => {
    try {
      return JSON.parse(storage?.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  };
  const write = (key: string, value: unknown) => {
    try {
      storage?.setItem(key, JSON.stringify(value));
    } catch {
      // Full or blocked: the app still receives the change from the page itself.
    }
  };
  const isIdList = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((id) => typeof id === 'string');

  const levelLinks = [
    ...(app?.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Levels"] a') ?? []),
  ];
  const showCount = (link: HTMLAnchorElement | undefined, count: [number, number]) => {
    const text = link?.querySelector('.count');
    const fill = link?.querySelector('.fill');
    if (text) text.textContent = `${count[0]}/${count[1]}`;
    // Its name, as the app gives it: "Level 2, 5 of 24 demonstrated".
    const name = link?.getAttribute('aria-label');
    if (link && name)
      link.setAttribute(
        'aria-label',
        name.replace(/\d+ of \d+ demonstrated$/, `${count[0]} of ${count[1]} demonstrated`),
      );
    if (fill) fill.setAttribute('width', String(count[1] === 0 ? 0 : (100 * count[0]) / count[1]));
  };
  const itemOf = (box: HTMLInputElement) => box.closest('li.criterion');
  /** A count as the app writes it: seen as "3/6", read as "3 of 6 demonstrated". */
  const showTopicCount = (count: Element | null | undefined, ticked: number, total: number) => {
    const seen = count?.querySelector('[aria-hidden="true"]');
    const heard = count?.querySelector('.visually-hidden');
    if (seen) seen.textContent = `${ticked}/${total}`;
    if (heard) heard.textContent = `${ticked} of ${total} demonstrated`;
  };
  /**
   * Each topic's count and its Mark all / Clear all buttons, from the boxes on the page, and the
   * summary's bars of the level by topic (the same topics, in the same order).
   */
  const showTopicCounts = () => {
    const summaryRows = [...(app?.querySelectorAll('.summary .topics li') ?? [])];
    const summaryStrip = [...(app?.querySelectorAll('.summary .topics .strip .fill') ?? [])];
    const topics = [...(app?.querySelectorAll('section.topic') ?? [])];
    const inSummary = summaryRows.length === topics.length && summaryStrip.length === topics.length;
    for (const [index, topic] of topics.entries()) {
      const boxes = [
        ...topic.querySelectorAll<HTMLInputElement>('li.criterion input[type=checkbox]'),
      ].filter((box) => !itemOf(box)?.classList.contains('not-applicable'));
      const ticked = boxes.filter((box) => box.checked).length;
      showTopicCount(topic.querySelector('.count'), ticked, boxes.length);
      if (inSummary) {
        // The app's percentage: whole, rounded down.
        const percent = String(boxes.length === 0 ? 0 : Math.floor((100 * ticked) / boxes.length));
        summaryStrip[index]?.setAttribute('width', percent);
        summaryRows[index]?.querySelector('.fill')?.setAttribute('width', percent);
        showTopicCount(summaryRows[index]?.querySelector('.count'), ticked, boxes.length);
      }
      const [markAll, clearAll] = topic.querySelectorAll<HTMLButtonElement>('.bulk button');
      if (markAll) markAll.disabled = ticked === boxes.length;
      if (clearAll) clearAll.disabled = ticked === 0;
    }
  };

  // The mirror, checked field by field: it is only a hint, and anything odd is ignored.
  const stored = read(mirrorKey) as Partial<FirstViewMirror> | null;
  const mirror: FirstViewMirror = {
    v: 1,
    ticked: isIdList(stored?.ticked) ? stored.ticked : [],
    notApplicable: isIdList(stored?.notApplicable) ? stored.notApplicable : [],
    counts:
      Array.isArray(stored?.counts) &&
      stored.counts.length === levelLinks.length &&
      stored.counts.every(
        (count) =>
          Array.isArray(count) &&
          count.length === 2 &&
          count.every((n) => Number.isInteger(n) && n >= 0),
      )
        ? stored.counts
        : shownCounts(),
    label: typeof stored?.label === 'string' ? stored.label : null,
  };
  try {
    if (stored !== null && app) {
      const ticked = new Set(mirror.ticked);
      const notApplicable = new Set(mirror.notApplicable);
      for (const box of app.querySelectorAll<HTMLInputElement>(
        'li.criterion input[type=checkbox]',
      )) {
        const id = box.id.slice(2);
        const item = itemOf(box);
        if (ticked.has(id)) {
          box.checked = true;
          item?.classList.add('demonstrated');
        } else if (notApplicable.has(id)) {
          box.disabled = true;
          item?.classList.add('not-applicable');
          item?.querySelector('.na-toggle')?.setAttribute('aria-pressed', 'true');
        }
      }
      mirror.counts.forEach((count, index) => showCount(levelLinks[index], count));
      showTopicCounts();
      // Started as the app counts it: something demonstrated at some level. Someone who has only
      // changed a setting is still greeted as a newcomer, by the app as by this page.
      const started = mirror.counts.some((count) => count[0] > 0);
      const label = app.querySelector('.summary .label');
      if (label && mirror.label !== null) label.textContent = mirror.label;
      // The page was written for a newcomer ("Not started yet", Quick start open): show what the
      // app shows someone who has started, as it writes it (the app renders its own headline when
      // it takes over, in the same markup).
      const newcomer = app.querySelector('.summary .newcomer');
      if (!label && newcomer && mirror.label !== null && started) {
        const suggested = document.createElement('strong');
        suggested.className = newcomer.className.replace('newcomer', 'label');
        suggested.textContent = mirror.label;
        newcomer.nextElementSibling?.remove();
        newcomer.replaceWith('Suggested level ', suggested);
      }
      if (started) app.querySelector('details.quick-start')?.removeAttribute('open');
    }
  } finally {
    root.classList.remove('first-view-restoring');
  }

  // The build's root, wherever the host serves it from: this address without the framework's
  // path (`<root><path>`, with `/`, `/index.html` or `.html` after it), or at any other address
  // the folder this file was written for (`data-root`, relative to the page).
  const ownPath = (root.dataset.path ?? '').split('/').map(encodeURIComponent).join('/');
  const here = location.pathname.replace(/(\/index\.html|\.html|\/)$/, '');
  const atOwnAddress = here.endsWith(`/${ownPath}`);
  const buildRoot = atOwnAddress
    ? here.slice(0, here.length - ownPath.length)
    : new URL(app?.dataset.root ?? './', location.href).pathname;

  let started = false;
  const startApp = () => {
    if (started || !app?.dataset.entry) return;
    started = true;
    const script = document.createElement('script');
    script.type = 'module';
    script.src = buildRoot + app.dataset.entry;
    document.head.append(script);
  };

  document.addEventListener('change', (event) => {
    const box = event.target;
    if (root.dataset.ready === 'true' || !(box instanceof HTMLInputElement)) return;
    const item = itemOf(box);
    if (!item || box.type !== 'checkbox' || !app?.contains(box)) return;
    const criterionId = box.id.slice(2);
    const demonstrated = box.checked;
    box.dataset.early = demonstrated ? 'on' : 'off';
    item.classList.toggle('demonstrated', demonstrated);
    showTopicCounts();
    // The box is on the level shown, the tab marked as the current page.
    const current = levelLinks.findIndex((link) => link.getAttribute('aria-current') === 'page');
    const count = mirror.counts[current];
    if (count) {
      count[0] = Math.min(count[1], Math.max(0, count[0] + (demonstrated ? 1 : -1)));
      showCount(levelLinks[current], count);
    }
    mirror.ticked = mirror.ticked.filter((id) => id !== criterionId);
    if (demonstrated) mirror.ticked.push(criterionId);
    write(mirrorKey, mirror);
    const early = read(earlyKey);
    const change: EarlyChange = {
      frameworkId,
      criterionId,
      demonstrated,
      at: new Date().toISOString(),
    };
    write(earlyKey, [...(Array.isArray(early) ? early : []), change].slice(-500));
    startApp();
  });

  /** The tabs' counts as the prerendered page shows them (a newcomer's, with no mirror yet). */
  function shownCounts(): [number, number][] {
    const counts = levelLinks.map((link) => {
      const match = /^(\d+)\/(\d+)$/.exec(link.querySelector('.count')?.textContent?.trim() ?? '');
      return match ? ([Number(match[1]), Number(match[2])] as [number, number]) : null;
    });
    return counts.every((count) => count !== null) ? counts : [];
  }

  // A press the page cannot answer yet (a button, the base-framework switch): marked for the app
  // to press again. Criteria's own boxes are counted above instead.
  document.addEventListener(
    'click',
    (event) => {
      if (root.dataset.ready === 'true' || !(event.target instanceof Element)) return;
      const pressed = event.target.closest<HTMLElement>('button, input[type=checkbox]');
      if (!pressed || !app?.contains(pressed)) return;
      if (pressed instanceof HTMLInputElement && itemOf(pressed)) return;
      if (pressed instanceof HTMLInputElement)
        pressed.dataset.earlyPress = pressed.checked ? 'on' : 'off';
      else pressed.dataset.earlyPress = String(Number(pressed.dataset.earlyPress ?? 0) + 1);
      startApp();
    },
    true,
  );

  // The app comes when it is wanted. A newcomer's page is exactly the prerendered one: the app
  // waits for the first sign of a person, so a page nobody touches runs no app script. A returning
  // person's page shows a hint (the mirror), which the app checks against what is stored (and
  // moves to the level they are working on) once the page has loaded and the browser is idle.
  // Either way, at once when another tab changed what this page shows, or when the address asks
  // for more than the prerendered view.
  // A level's own page (`data-level`) is the prerendered view of its framework's address, and of
  // the address that names its level.
  const level = root.dataset.level;
  const prerenderedView =
    atOwnAddress &&
    location.hash === '' &&
    (location.search === '' || (level !== undefined && location.search === `?level=${level}`));
  if (!prerenderedView) startApp();
  for (const type of ['pointermove', 'pointerdown', 'keydown', 'touchstart', 'focusin'])
    addEventListener(type, startApp, { once: true, passive: true, capture: true });
  window.addEventListener('storage', (event) => {
    if (event.key === mirrorKey || event.key === earlyKey) startApp();
  });
  const afterLoad = (task: () => void) => {
    const whenIdle = () =>
      'requestIdleCallback' in window ? requestIdleCallback(task) : setTimeout(task);
    if (document.readyState === 'complete') setTimeout(whenIdle, 1000);
    else addEventListener('load', () => setTimeout(whenIdle, 1000), { once: true });
  };
  if (stored !== null) afterLoad(startApp);

  // Offline after one visit, whether or not the app ran: the service worker registers once the
  // load window is over (the app registers the same one, and watches it for new versions).
  afterLoad(() => {
    navigator.serviceWorker?.register(`${buildRoot}sw.js`, { scope: buildRoot }).catch(() => {
      // No offline use here (a private window, a blocked worker): the page works as it is.
    });
  });
}
