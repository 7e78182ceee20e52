/**
 * Writes a static page for each shipped framework after `vite build`: the first view is in the
 * HTML, and the page works on its own before the app's script is even fetched (see
 * src/first-view/page.ts, inlined at the end of the body; it loads the app on interaction or when
 * the browser is idle). The stylesheet is inlined so nothing blocks the first paint, and a
 * Content-Security-Policy allows the inline scripts by their hash and nothing else inline. The
 * pages are made from `app.html`; `index.html` becomes the home page, where a newcomer chooses a
 * framework; it serves every other path too (the app's own fallback), and loads the app there.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, inlineScript } from './first-view/build.ts';

const dist = resolve('dist');
const ssrEntry = resolve('dist-ssr/entry-server.js');
const server = (await import(
  pathToFileURL(ssrEntry).href
)) as typeof import('../src/entry-server.ts');
const built = readFileSync(join(dist, 'app.html'), 'utf8');
const homeTemplate = readFileSync(join(dist, 'index.html'), 'utf8');

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

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
    (chunks.find((chunk) => `/${chunk.file}` === script[1])?.imports ?? []).map(
      (key) => `/${manifest[key]?.file ?? key}`,
    ),
  ),
);
const roots = scripts.filter((script) => !imported.has(script[1] ?? ''));
if (roots.length !== 1)
  throw new Error(
    `The built app.html should load one chunk that loads the others, not ${roots.length}.`,
  );
const entryUrl = roots[0]![1] ?? '';
const stylesheets = [...built.matchAll(/\s*<link rel="stylesheet" crossorigin href="([^"]+)">/g)];
if (stylesheets.length === 0) throw new Error('The built app.html has no stylesheet.');
let template = built;
for (const script of scripts) template = template.replace(script[0], '');
const css = stylesheets.map((sheet) => readFileSync(join(dist, sheet[1] ?? ''), 'utf8')).join('\n');
for (const [index, sheet] of stylesheets.entries())
  template = template.replace(
    sheet[0],
    index === 0 ? `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>` : '',
  );
if (/<link rel="modulepreload"/.test(template))
  throw new Error('The built app.html preloads modules: the first view would fetch script.');

const head = await inlineScript('src/first-view/head.ts');
const page = await inlineScript('src/first-view/page.ts');
const policy = contentSecurityPolicy([head.hash, page.hash]);

for (const summary of server.catalogue) {
  const framework = await server.loadFramework(summary.id);
  if (!framework)
    throw new Error(`Framework ${summary.id} is in the catalogue but could not be loaded.`);
  const { head: svelteHead, body } = server.renderFramework(framework);
  /** The page at `path`, relative to the build's root. */
  const html = (path: string) =>
    template
      .replace(
        '<html lang="en">',
        `<html lang="en" data-framework="${escapeHtml(framework.id)}" data-path="${escapeHtml(path)}">`,
      )
      .replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
      )
      .replace(
        '<title>Progression</title>',
        `<title>${escapeHtml(framework.title)} · Progression</title>`,
      )
      .replace('<!--app-head-->', `${svelteHead}<script>${head.code}</script>`)
      .replace('<div id="app">', `<div id="app" data-entry="${escapeHtml(entryUrl)}">`)
      .replace('<!--app-html-->', body)
      .replace('<!--app-first-view-->', `<script>${page.code}</script>`);
  // `<id>/index.html` and `<id>.html`: hosts answer `/<id>` with one or the other.
  const pages = [
    { path: framework.id, file: join(dist, ...framework.id.split('/'), 'index.html') },
    { path: framework.id, file: join(dist, `${framework.id}.html`) },
  ];
  for (const { path, file } of pages) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html(path));
  }
  console.log(`prerendered ${framework.id} (${framework.criterionCount} criteria)`);
}
const home = server.renderHome();
writeFileSync(
  join(dist, 'index.html'),
  homeTemplate
    .replace(
      '<meta charset="utf-8" />',
      `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
    )
    .replace('<!--app-head-->', home.head)
    .replace('<!--app-html-->', home.body),
);
console.log('prerendered the home page');
rmSync(join(dist, 'app.html'));
rmSync(join(dist, '.vite'), { recursive: true, force: true });
rmSync(resolve('dist-ssr'), { recursive: true, force: true });

// Hosts answer an address they have no file for with `404.html`: the home page, whose script
// starts the app at once for an address it was not written for (the app routes itself).
copyFileSync(join(dist, 'index.html'), join(dist, '404.html'));

// The service worker keeps every file of the build; its version changes with any of them.
const files = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(folder, entry.name)) : [join(folder, entry.name)],
  );
const all = files(dist).map((file) => relative(dist, file).split(sep).join('/'));
// `<id>.html` is the same page as `<id>/index.html`: the worker answers both from the one kept.
const kept = all
  .filter((file) => file !== 'sw.js')
  .filter(
    (file) => !(file.endsWith('.html') && all.includes(file.replace(/\.html$/, '/index.html'))),
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
