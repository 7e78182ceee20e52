/**
 * The floor page the cold-load figure is measured against: what a hand-written static page with
 * the same criteria would cost. Every criterion of the framework as a plain labelled checkbox,
 * no stylesheet, one tiny inline script at the end that listens for changes and sets the same
 * ready mark the app sets.
 */
import type { Framework } from '../../src/lib/core/model.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** The floor page of a framework: its criteria level by level, topic by topic, as the app orders them. */
export function floorPage(framework: Framework): string {
  let index = 0;
  const levels = framework.levels.map((level) => {
    const topics = framework.topics.flatMap((topic) => {
      const criteria = topic.levels.find((entry) => entry.level === level)?.criteria ?? [];
      if (criteria.length === 0) return [];
      const items = criteria.map((criterion) => {
        const id = `c${index++}`;
        return `<li><input type="checkbox" id="${id}"> <label for="${id}">${escapeHtml(criterion.text)}</label></li>`;
      });
      return [`<h3>${escapeHtml(topic.title)}</h3>\n<ul>\n${items.join('\n')}\n</ul>`];
    });
    return `<h2>Level ${level}</h2>\n${topics.join('\n')}`;
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
addEventListener('change', () => { document.documentElement.dataset.changed = 'true'; });
document.documentElement.dataset.ready = 'true';
</script>
</body>
</html>
`;
}
