/**
 * A generated framework for the bench's large-framework figures: `criteria` criteria spread over
 * 10 topics and 5 levels, in the shipped frameworks' YAML format, each criterion's text unique.
 */
export function generatedFramework(
  criteria: number,
  path = `/bench/generated-${criteria}`,
): string {
  const topics = 10;
  const levels = 5;
  const perCell = Math.ceil(criteria / (topics * levels));
  let made = 0;
  const lines = [
    '---',
    `path: "${path}"`,
    `title: "Generated framework, ${criteria} criteria"`,
    'sidebarGroup: "bench"',
    'yaml: true',
    `levels: ${levels}`,
    'topics:',
  ];
  for (let topic = 1; topic <= topics; topic++) {
    lines.push(`  - name: "topic-${topic}"`, `    title: "Topic ${topic}"`, '    content:');
    for (let level = 1; level <= levels; level++) {
      lines.push(`      - level: ${level}`, '        criteria:');
      for (let index = 0; index < perCell && made < criteria; index++, made++)
        lines.push(
          `          - "Shows behaviour ${index + 1} of topic ${topic} at level ${level} in their work"`,
        );
    }
  }
  lines.push('---', '', `A framework generated to measure the app with ${criteria} criteria.`, '');
  return lines.join('\n');
}
