/**
 * Writes a static page for each shipped framework after `vite build`: the first view is in the
 * HTML, and the page works on its own before the app's script is even fetched (see
 * src/first-view/page.ts, inlined at the end of the body; it loads the app on interaction or when
 * the browser is idle). The stylesheet is inlined so nothing blocks the first paint, and a
 * Content-Security-Policy allows the inline scripts by their hash and nothing else inline. The
 * default framework's page is also `index.html`, which serves every other path too (the app's
 * own fallback).
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
const built = readFileSync(join(dist, 'index.html'), 'utf8');

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** Takes the one match of `pattern` out of `html`; the build's HTML must have it. */
function cut(
  html: string,
  pattern: RegExp,
  what: string,
): { html: string; match: RegExpExecArray } {
  const match = pattern.exec(html);
  if (!match) throw new Error(`The built index.html has no ${what}.`);
  return { html: html.replace(match[0], ''), match };
}

// The app's entry is loaded by the first-view script, not by the HTML: take its tag out.
let template = built;
const entry = cut(
  template,
  /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/,
  'entry script',
);
template = entry.html;
const entryUrl = entry.match[1] ?? '';
const stylesheet = cut(
  template,
  /<link rel="stylesheet" crossorigin href="([^"]+)">/,
  'stylesheet',
);
const css = readFileSync(join(dist, stylesheet.match[1] ?? ''), 'utf8');
template = built
  .replace(entry.match[0], '')
  .replace(stylesheet.match[0], `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`);
if (/<link rel="modulepreload"/.test(template))
  throw new Error('The built index.html preloads modules: the first view would fetch script.');

const head = await inlineScript('src/first-view/head.ts');
const page = await inlineScript('src/first-view/page.ts');
const policy = contentSecurityPolicy([head.hash, page.hash]);

for (const summary of server.catalogue) {
  const framework = await server.loadFramework(summary.id);
  if (!framework)
    throw new Error(`Framework ${summary.id} is in the catalogue but could not be loaded.`);
  const { head: svelteHead, body } = server.renderFramework(framework);
  /** The page at `path` (relative to the build's root: '' for the home page). */
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
  if (framework.id === server.defaultFrameworkId)
    pages.push({ path: '', file: join(dist, 'index.html') });
  for (const { path, file } of pages) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html(path));
  }
  console.log(`prerendered ${framework.id} (${framework.criterionCount} criteria)`);
}
rmSync(resolve('dist-ssr'), { recursive: true, force: true });

// Hosts answer an address they have no file for with `404.html`: the home page, whose script
// starts the app at once for an address it was not written for (the app routes itself).
copyFileSync(join(dist, 'index.html'), join(dist, '404.html'));

// The service worker keeps every file of the build; its version changes with any of them.
const files = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(folder, entry.name)) : [join(folder, entry.name)],
  );
const kept = files(dist)
  .map((file) => relative(dist, file).split(sep).join('/'))
  .filter((file) => file !== 'sw.js')
  .sort();
const version = createHash('sha256');
for (const file of kept) version.update(file).update(readFileSync(join(dist, file)));
const worker = await inlineScript('src/service-worker/service-worker.ts');
writeFileSync(
  join(dist, 'sw.js'),
  `const PRECACHE=${JSON.stringify(kept)};const VERSION=${JSON.stringify(version.digest('hex').slice(0, 16))};${worker.code}\n`,
);
console.log(`service worker keeps ${kept.length} files`);
