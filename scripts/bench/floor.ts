/**
 * The floor pages the app is measured against: what a hand-written static page with the same
 * criteria would cost. Every criterion of the framework as a plain labelled checkbox, no
 * stylesheet, and one tiny inline script that counts ticks into each level's count, as the app's
 * level tabs do. `ticked` criteria are checked in the HTML (a returning user's floor).
 */
import type { Framework } from '../../src/lib/core/model.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** The floor page of a framework: its criteria level by level, topic by topic, as the app orders them. */
export function floorPage(framework: Framework, ticked: ReadonlySet<string> = new Set()): string {
  const levels = framework.levels.map((level) => {
    let count = 0;
    let total = 0;
    const topics = framework.topics.flatMap((topic) => {
      const criteria = topic.levels.find((entry) => entry.level === level)?.criteria ?? [];
      if (criteria.length === 0) return [];
      const items = criteria.map((criterion) => {
        total++;
        const checked = ticked.has(criterion.id);
        if (checked) count++;
        return `<li><input type="checkbox" id="c-${criterion.id}"${checked ? ' checked' : ''}> <label for="c-${criterion.id}">${escapeHtml(criterion.text)}</label></li>`;
      });
      return [`<h3>${escapeHtml(topic.title)}</h3>\n<ul>\n${items.join('\n')}\n</ul>`];
    });
    return `<section data-level="${level}"><h2>Level ${level} <span class="count">${count}/${total}</span></h2>\n${topics.join('\n')}</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(framework.title)}</title>
</head>
<body>
<h1>${escapeHtml(framework.title)}</h1>
${levels.join('\n')}
<script>
addEventListener('change', (event) => {
  const count = event.target.closest('section').querySelector('.count');
  const [done, total] = count.textContent.split('/').map(Number);
  count.textContent = (done + (event.target.checked ? 1 : -1)) + '/' + total;
});
</script>
</body>
</html>
`;
}
