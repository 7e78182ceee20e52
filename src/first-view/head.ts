/**
 * Inline in the `<head>` of every prerendered page, before anything is shown: when this browser
 * has a first-view mirror for the page's framework, the page stays hidden until `page.ts` (at the
 * end of the body, `#first-view`) has applied it, so a returning user never sees a frame of
 * unticked criteria. Rendering waits for that script too (`<link rel=expect blocking=render>`):
 * the browser does not style and lay out a half-parsed page nobody may see. The stylesheet shows
 * the page after a second whatever happens, should the body script not run.
 *
 * Built without imports (see `keys.ts` for the strings repeated here).
 */
{
  const root = document.documentElement;
  try {
    if (localStorage.getItem(`progression.first-view:${root.dataset.framework ?? ''}`) !== null) {
      root.classList.add('first-view-restoring');
      const expect = document.createElement('link');
      expect.rel = 'expect';
      expect.href = '#first-view';
      expect.setAttribute('blocking', 'render');
      document.head.append(expect);
    }
  } catch {
    // Storage blocked: there is no mirror to wait for.
  }
}
