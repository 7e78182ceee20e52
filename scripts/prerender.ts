/**
 * Writes a static page for each shipped framework after `vite build`: the first view is in the
 * HTML, so it shows before any script runs, and the client hydrates it. The pages are made from
 * `app.html` (the app's script); `index.html` becomes the home page, where a newcomer chooses a
 * framework; it serves every other path too (the app's own fallback), and loads the app there.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGE_DATA_ID, serialisePageData } from '../src/lib/core/page-data.ts';

const dist = resolve('dist');
const ssrEntry = resolve('dist-ssr/entry-server.js');
const server = (await import(
  pathToFileURL(ssrEntry).href
)) as typeof import('../src/entry-server.ts');
const template = readFileSync(join(dist, 'app.html'), 'utf8');
const homeTemplate = readFileSync(join(dist, 'index.html'), 'utf8');

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

for (const summary of server.catalogue) {
  const framework = await server.loadFramework(summary.id);
  if (!framework)
    throw new Error(`Framework ${summary.id} is in the catalogue but could not be loaded.`);
  const { head, body } = server.renderFramework(framework);
  const html = template
    .replace(
      '<title>Progression</title>',
      `<title>${escapeHtml(framework.title)} · Progression</title>`,
    )
    .replace('<!--app-head-->', head)
    .replace('<!--app-html-->', body)
    .replace(
      '<!--app-data-->',
      `<script type="application/json" id="${PAGE_DATA_ID}">${serialisePageData({ framework })}</script>`,
    );
  // Both `<id>/index.html` and `<id>.html`: hosts (and `vite preview`) differ in which one they
  // serve for `/<id>`, and either must find the page rather than fall back to the home page.
  const folder = join(dist, ...framework.id.split('/'));
  for (const page of [join(folder, 'index.html'), `${folder}.html`]) {
    mkdirSync(dirname(page), { recursive: true });
    writeFileSync(page, html);
  }
  console.log(`prerendered ${framework.id} (${framework.criterionCount} criteria)`);
}
const home = server.renderHome();
writeFileSync(
  join(dist, 'index.html'),
  homeTemplate
    .replace('<!--app-head-->', home.head)
    .replace('<!--app-html-->', home.body)
    .replace('<!--app-data-->', ''),
);
console.log('prerendered the home page');
rmSync(join(dist, 'app.html'));
rmSync(resolve('dist-ssr'), { recursive: true, force: true });
