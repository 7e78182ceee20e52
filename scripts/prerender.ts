/**
 * Writes a static page for each shipped framework after `vite build`: the first view is in the
 * HTML, and the page works on its own before the app's script is even fetched (see
 * src/first-view/page.ts, inlined at the end of the body; it loads the app on interaction or when
 * the browser is idle). The stylesheet is inlined so nothing blocks the first paint, and a
 * Content-Security-Policy allows the inline scripts by their hash and nothing else inline. The
 * pages are made from `app.html`; `index.html` becomes the home page, where a newcomer chooses a
 * framework, and `404.html` the page a static host answers unknown addresses with, which finds
 * the build's root and starts the app there.
 *
 * Every URL the pages hold is relative (the build's base is `./`), so the build works from any
 * folder of any host: each page's links and files are written relative to where its file is.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Framework } from '../src/lib/core/model.ts';
import { contentSecurityPolicy, inlineScript } from './first-view/build.ts';

const dist = resolve('dist');
const ssrEntry = resolve('dist-ssr/entry-server.js');
const server = (await import(
  pathToFileURL(ssrEntry).href
)) as typeof import('../src/entry-server.ts');
const built = readFileSync(join(dist, 'app.html'), 'utf8');
const homeTemplate = readFileSync(join(dist, 'index.html'), 'utf8');

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The HTML with its URLs relative to a file `prefix` below the build's root (`./`, `../../`):
 * the build's own (`./assets/…`) and the app's root-relative links (`/engineering/backend`),
 * which the server-side render writes as if the build were at the root.
 */
const relativeTo = (html: string, prefix: string) =>
  html.replace(/\b(href|src)="(?:\.\/|\/(?!\/))/g, `$1="${prefix}`);
/** The prefix from a page's file, relative to the build's root, back to the root. */
const prefixOf = (file: string) => '../'.repeat(file.split('/').length - 1) || './';

// The app's entry is loaded by the first-view script, not by the HTML: every module script the
// build put in app.html (the app's chunk and the chunks it shares with the home page) comes out,
// and the one no other imports (found through the build's manifest) loads the rest itself. Every
// stylesheet is inlined.
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  { file: string; imports?: string[] }
>;
const chunks = Object.values(manifest);
const scripts = [
  ...built.matchAll(/\s*<script type="module" crossorigin src="([^"]+)"><\/script>/g),
];
const imported = new Set(
  scripts.flatMap((script) =>
    (chunks.find((chunk) => `./${chunk.file}` === script[1])?.imports ?? []).map(
      (key) => `./${manifest[key]?.file ?? key}`,
    ),
  ),
);
const roots = scripts.filter((script) => !imported.has(script[1] ?? ''));
if (roots.length !== 1)
  throw new Error(
    `The built app.html should load one chunk that loads the others, not ${roots.length}.`,
  );
/** The app's entry, relative to the build's root: the first-view script loads it from there. */
const entryUrl = (roots[0]![1] ?? '').replace(/^\.\//, '');
/** The stylesheets of a built page, each read and put inline in one `<style>`. */
const inlineStylesheets = (html: string) => {
  const sheets = [...html.matchAll(/\s*<link rel="stylesheet" crossorigin href="([^"]+)">/g)];
  if (sheets.length === 0) throw new Error('A built page has no stylesheet.');
  const css = sheets.map((sheet) => readFileSync(join(dist, sheet[1] ?? ''), 'utf8')).join('\n');
  let inlined = html;
  for (const [index, sheet] of sheets.entries())
    inlined = inlined.replace(
      sheet[0],
      index === 0 ? `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>` : '',
    );
  return inlined;
};
let template = built;
for (const script of scripts) template = template.replace(script[0], '');
template = inlineStylesheets(template);
if (/<link rel="modulepreload"/.test(template))
  throw new Error('The built app.html preloads modules: the first view would fetch script.');

const head = await inlineScript('src/first-view/head.ts');
const page = await inlineScript('src/first-view/page.ts');
const notFound = await inlineScript('src/first-view/not-found.ts');
const policy = contentSecurityPolicy([head.hash, page.hash, notFound.hash]);
const withPolicy = (html: string) =>
  html.replace(
    '<meta charset="utf-8" />',
    `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
  );

/**
 * What a returning person works on, for the first paint: each level after the first has a page of
 * its own (`<id>.level-<N>.html`), and a framework with a base (generic) framework merged in has
 * the same pages without it (`<id>.unmerged.html`, `<id>.unmerged.level-<N>.html`), for someone
 * who switched the shared criteria off. The service worker answers the framework's address with
 * the one the person works on (see the service worker). Their links are relative to the
 * framework's address, as `<id>.html`'s are. None is kept by the worker when it installs.
 */
const variantPage = (id: string, level: number | null, unmerged: boolean) =>
  `${id}${unmerged ? '.unmerged' : ''}${level === null ? '' : `.level-${level}`}.html`;

for (const summary of server.catalogue) {
  const framework = await server.loadFramework(summary.id);
  if (!framework)
    throw new Error(`Framework ${summary.id} is in the catalogue but could not be loaded.`);
  /** The page of the framework shown (at `level`, the first when null), written to `file`. */
  const html = (file: string, shown: Framework, level: number | null, unmerged = false) => {
    const { head: svelteHead, body } = server.renderFramework(shown, level, { unmerged });
    const attributes = [
      `data-framework="${escapeHtml(shown.id)}"`,
      `data-path="${escapeHtml(shown.id)}"`,
      ...(level === null ? [] : [`data-level="${level}"`]),
      ...(unmerged ? ['data-merged="false"'] : []),
    ];
    return relativeTo(
      withPolicy(template)
        .replace('<html lang="en">', `<html lang="en" ${attributes.join(' ')}>`)
        .replace(
          '<title>Progression</title>',
          `<title>${escapeHtml(shown.title)} · Progression</title>`,
        )
        .replace('<!--app-head-->', `${svelteHead}<script>${head.code}</script>`)
        .replace(
          '<div id="app">',
          `<div id="app" data-entry="${escapeHtml(entryUrl)}" data-root="${prefixOf(file)}">`,
        )
        .replace('<!--app-html-->', body)
        .replace('<!--app-first-view-->', `<script id="first-view">${page.code}</script>`),
      prefixOf(file),
    );
  };
  // `<id>/index.html` and `<id>.html`: hosts answer `/<id>/` with the first and `/<id>` with the
  // second, each with its URLs relative to where it is.
  for (const file of [`${framework.id}/index.html`, `${framework.id}.html`]) {
    mkdirSync(dirname(join(dist, file)), { recursive: true });
    writeFileSync(join(dist, file), html(file, framework, null));
  }
  const write = (shown: Framework, level: number, unmerged: boolean) => {
    const shownLevel = level === shown.levels[0] ? null : level;
    const file = variantPage(framework.id, shownLevel, unmerged);
    writeFileSync(join(dist, file), html(`${framework.id}.html`, shown, shownLevel, unmerged));
  };
  for (const level of framework.levels.slice(1)) write(framework, level, false);
  const unmerged = framework.base ? await server.loadUnmergedFramework(framework.id) : undefined;
  if (unmerged) for (const level of unmerged.levels) write(unmerged, level, true);
  console.log(`prerendered ${framework.id} (${framework.criterionCount} criteria)`);
}
const home = server.renderHome();
writeFileSync(
  join(dist, 'index.html'),
  relativeTo(
    withPolicy(homeTemplate)
      .replace('<!--app-head-->', home.head)
      .replace('<!--app-html-->', home.body),
    './',
  ),
);
console.log('prerendered the home page');

// Hosts answer an address they have no file for with `404.html`, at any depth under the build's
// root: its inline script finds the root and loads the home page's script from there, which
// starts the app for the address (the app routes itself). Nothing in it may be relative to where
// the host serves it: the stylesheet is inline, the script is loaded by the inline one, and the
// icon and manifest links are pointed at the root by it.
const homeScripts = [
  ...homeTemplate.matchAll(
    /\s*<(?:script type="module"|link rel="modulepreload") crossorigin (?:src|href)="\.\/([^"]+)">(?:<\/script>)?/g,
  ),
];
const homeEntry = homeScripts.find((script) => script[0].includes('<script'))?.[1];
if (homeEntry === undefined) throw new Error('The built index.html loads no script.');
let notFoundPage = inlineStylesheets(withPolicy(homeTemplate));
for (const script of homeScripts) notFoundPage = notFoundPage.replace(script[0], '');
writeFileSync(
  join(dist, '404.html'),
  notFoundPage
    .replace(/<link rel="([^"]+)" href="\.\//g, '<link rel="$1" data-href="')
    .replace('<!--app-head-->', '')
    .replace('<div id="app">', `<div id="app" data-entry="${escapeHtml(homeEntry)}">`)
    .replace('<!--app-html-->', '')
    .replace('</body>', `<script>${notFound.code}</script>\n  </body>`),
);
rmSync(join(dist, 'app.html'));
rmSync(join(dist, '.vite'), { recursive: true, force: true });
rmSync(resolve('dist-ssr'), { recursive: true, force: true });

// The service worker keeps every file of the build; its version changes with any of them.
const files = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(folder, entry.name)) : [join(folder, entry.name)],
  );
const all = files(dist).map((file) => relative(dist, file).split(sep).join('/'));
// `<id>/index.html` is the same page as `<id>.html`, for the address with a `/` after it: the
// worker keeps the second and sends that address to the one without.
const kept = all
  .filter((file) => file !== 'sw.js' && !/\.(level-\d+|unmerged)\.html$/.test(file))
  .filter(
    (file) =>
      !(file.endsWith('/index.html') && all.includes(file.replace(/\/index\.html$/, '.html'))),
  )
  .sort();
const version = createHash('sha256');
for (const file of kept) version.update(file).update(readFileSync(join(dist, file)));
const worker = await inlineScript('src/service-worker/service-worker.ts');
writeFileSync(
  join(dist, 'sw.js'),
  `const PRECACHE=${JSON.stringify(kept)};const VERSION=${JSON.stringify(version.digest('hex').slice(0, 16))};${worker.code}\n`,
);
console.log(`service worker keeps ${kept.length} files`);
