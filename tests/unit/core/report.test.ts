import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';
import {
  buildReport,
  snapshotSubject,
  type CriterionNote,
  type ReportSubject,
} from '../../../src/lib/core/report.ts';
import {
  fileNameSlug,
  markdownText,
  reportFileName,
  reportMarkdown,
} from '../../../src/lib/core/report-markdown.ts';
import { buildSnapshot } from '../../../src/lib/core/snapshot.ts';
import { usable } from './framework-fixture.ts';

const small = usable('small.md').framework;

/** Renders Markdown as GitHub does (CommonMark with tables, task lists, autolinks, strikethrough). */
const render = (markdown: string) =>
  micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });

function subject(
  framework: Framework,
  states: Record<string, CriterionState>,
  notes: Record<string, CriterionNote> = {},
  extra: Partial<ReportSubject> = {},
): ReportSubject {
  return {
    framework,
    stateOf: (id) => states[id] ?? 'not-yet',
    noteOf: (id) => notes[id],
    threshold: 80,
    target: null,
    person: 'Ada Lovelace',
    date: '2026-03-04T10:00:00.000Z',
    ...extra,
  };
}

const [status, help, feedback, prs, delivers, leads] = allCriteria(small);

describe('buildReport', () => {
  const report = buildReport(
    subject(
      small,
      {
        [status!.id]: 'demonstrated',
        [help!.id]: 'demonstrated',
        [delivers!.id]: 'demonstrated',
        [feedback!.id]: 'not-applicable',
      },
      {
        [feedback!.id]: { reason: 'No peers yet' },
        [status!.id]: { evidence: 'Weekly notes' },
        [help!.id]: { reason: 'ignored: it is demonstrated' },
      },
      { target: 3 },
    ),
  );

  it('gives who, when, which framework version, the suggestion and why', () => {
    expect(report.person).toBe('Ada Lovelace');
    expect(report.date).toBe('2026-03-04');
    expect(report.framework).toEqual({
      id: 'test/small',
      title: 'Small framework',
      version: small.sourceHash.slice(0, 12),
    });
    expect(report.suggestion?.label).toBe('2A');
    expect(report.why[0]).toBe('Level 1 is at or above 80%: 3/3.');
    expect(report.counts).toEqual({ total: 6, demonstrated: 3, notApplicable: 1, notYet: 2 });
  });

  it('lists every level and topic with each criterion’s state, reason and evidence', () => {
    expect(report.levels.map((level) => level.level)).toEqual([1, 2, 3]);
    const level1 = report.levels[0]!;
    expect(level1.topics.map((topic) => topic.title)).toEqual(['Communication', 'Impact']);
    expect(level1.topics[0]!.criteria).toEqual([
      {
        id: status!.id,
        text: 'Gives status updates',
        state: 'demonstrated',
        evidence: 'Weekly notes',
      },
      { id: help!.id, text: 'Asks for help early', state: 'demonstrated' },
    ]);
    expect(report.levels[1]!.topics[0]!.criteria[0]).toEqual({
      id: feedback!.id,
      text: 'Gives feedback to peers',
      state: 'not-applicable',
      reason: 'No peers yet',
    });
    expect(report.levels[1]!.topics[0]!).toMatchObject({ demonstrated: 0, applicable: 1 });
  });

  it('says what is next, with the target', () => {
    expect(report.next.map((step) => step.heading)).toEqual([
      'Next sub-level',
      'Next level',
      'Target: level 3',
    ]);
    expect(report.next[1]!.criteria).toEqual([
      { level: 2, topic: 'Communication', text: prs!.text },
    ]);
  });

  it('leaves evidence out, and lists only what is shown, without changing the standing', () => {
    const states = { [status!.id]: 'demonstrated', [feedback!.id]: 'not-applicable' } as const;
    const notes = { [status!.id]: { evidence: 'Weekly notes' }, [feedback!.id]: { reason: 'r' } };
    const full = buildReport(subject(small, states, notes));
    const trimmed = buildReport(subject(small, states, notes), {
      evidence: false,
      onlyShown: true,
    });
    expect(trimmed.suggestion).toEqual(full.suggestion);
    expect(trimmed.coverage).toEqual(full.coverage);
    const listed = trimmed.levels.flatMap((level) =>
      level.topics.flatMap((topic) => topic.criteria),
    );
    expect(listed).toEqual([
      { id: status!.id, text: status!.text, state: 'demonstrated' },
      { id: feedback!.id, text: feedback!.text, state: 'not-applicable', reason: 'r' },
    ]);
    expect(trimmed.levels.map((level) => level.level)).toEqual([1, 2]);
    // What only-shown leaves out was in the full report.
    const all = full.levels.flatMap((level) => level.topics.flatMap((topic) => topic.criteria));
    expect(all.map((criterion) => criterion.id)).toContain(leads!.id);
  });

  it('reads a snapshot, with or without the framework it was made with', () => {
    const snapshot = buildSnapshot({
      framework: small,
      records: [
        {
          frameworkId: small.id,
          criterionId: status!.id,
          state: 'demonstrated',
          evidence: 'Notes',
          updatedAt: '2026-03-01T00:00:00.000Z',
          topic: status!.topic,
          level: 1,
          text: status!.text,
        },
      ],
      settings: { threshold: 60, target: 2 },
      role: 'self',
      person: 'Grace',
      exportedAt: new Date('2026-03-02T12:00:00Z'),
    });
    const known = buildReport(snapshotSubject(snapshot, small));
    const alone = buildReport(snapshotSubject(snapshot, null));
    for (const report of [known, alone]) {
      expect(report.person).toBe('Grace');
      expect(report.date).toBe('2026-03-02');
      expect(report.threshold).toBe(60);
      expect(report.target).toBe(2);
      expect(report.levels[0]!.topics[0]!.criteria[0]).toMatchObject({ evidence: 'Notes' });
    }
    expect(alone.suggestion).toEqual(known.suggestion);
    expect(alone.levels).toEqual(known.levels);
    expect(alone.coverage.topics.map((topic) => topic.title)).toEqual(['Communication', 'Impact']);
  });
});

describe('reportMarkdown', () => {
  const states = {
    [status!.id]: 'demonstrated',
    [feedback!.id]: 'not-applicable',
  } as const;
  const notes = {
    [status!.id]: { evidence: 'Weekly notes\nand a demo' },
    [feedback!.id]: { reason: 'No peers yet' },
  };

  it('gives a heading, the facts, the summary table per topic and level, and task lists', () => {
    const markdown = reportMarkdown(buildReport(subject(small, states, notes, { target: 2 })));
    expect(markdown).toContain('# Ada Lovelace: Small framework\n');
    expect(markdown).toContain(
      `2026-03-04 · framework version \`${small.sourceHash.slice(0, 12)}\` · threshold 80% · target level 2`,
    );
    expect(markdown).toContain('**Suggested level: 1C**');
    expect(markdown).toContain(
      [
        '| Topic | L1 | L2 | L3 | Standing |',
        '| --- | :---: | :---: | :---: | :---: |',
        '| Communication | 1/2 | 0/1 | – | 1D |',
        '| Impact | 0/1 | – | 0/1 | not started |',
        '| **All topics** | 1/3 | 0/1 | 0/1 | **1C** |',
      ].join('\n'),
    );
    expect(markdown).toContain(
      '## Level 1\n\n### Communication (1 of 2)\n\n- [x] Gives status updates\n  - Evidence: Weekly notes\\\n    and a demo\n- [ ] Asks for help early\n',
    );
    expect(markdown).toContain('- [ ] ~~Gives feedback to peers~~ *not applicable*: No peers yet');
    const html = render(markdown);
    expect(html).toContain('<h1>Ada Lovelace: Small framework</h1>');
    expect(html).toContain('<table>');
    expect(html).toContain('<input type="checkbox" disabled="" checked="" /> Gives status updates');
    expect(html).toContain('Weekly notes<br />\nand a demo');
    expect(html).toContain('<del>Gives feedback to peers</del>');
  });

  it('says when evidence is left out, and then has none', () => {
    const markdown = reportMarkdown(
      buildReport(subject(small, states, notes), { evidence: false, onlyShown: true }),
    );
    expect(markdown).toContain(
      '*Only the criteria demonstrated or not applicable are listed. Evidence is left out.*',
    );
    expect(markdown).not.toContain('Weekly notes');
    expect(markdown).not.toContain('- [ ] Asks for help early');
    expect(markdown).toContain('No peers yet');
  });
});

describe('reportFileName', () => {
  it('names the person, the framework and the day, in letters and digits', () => {
    const report = buildReport(subject(small, {}));
    expect(
      reportFileName({ ...report, framework: { ...report.framework, id: 'engineering/backend' } }),
    ).toBe('ada-lovelace-engineering-backend-2026-03-04.report.md');
  });

  it('leaves out a person the report does not name, or whose name has no letter or digit', () => {
    const report = buildReport(subject(small, {}, {}, { person: null }));
    expect(reportFileName(report)).toBe('test-small-2026-03-04.report.md');
    expect(reportFileName({ ...report, person: '–?' })).toBe('test-small-2026-03-04.report.md');
  });

  it('keeps letters of any script and joins the rest with single dashes', () => {
    expect(fileNameSlug('  Zoë  O’Brien_2 ')).toBe('zoë-o-brien-2');
    expect(fileNameSlug('李 小龍')).toBe('李-小龍');
    expect(fileNameSlug('../')).toBe('');
  });
});

describe('markdownText and escaping in the report', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click me](javascript:alert(1))',
    '![pixel](https://tracker.example/p.png)',
    '<https://evil.example>',
    'a | b || c',
    '`code` and ```fence```',
    '# Heading',
    '## Also a heading\n### and another',
    '> quote',
    '- list\n1. ordered\n+ plus\n= setext',
    '*emphasis* __strong__ ~~gone~~',
    '&lt;script&gt; &#60;b&#62;',
    'line\n\n\n    indented code',
    'back\\slash at the end\\',
    '[ref]: https://evil.example',
    '<!-- comment --> <div>block</div>',
    'nul\u0000 and \u001b escape',
  ];

  it('renders each hostile string as exactly its text, with no HTML, link or structure', () => {
    for (const text of hostile) {
      const rendered = render(markdownText(text));
      // A bare web address becomes a link to itself, and nothing else does.
      for (const [, href] of rendered.matchAll(/<a href="([^"]*)">/g))
        expect(text, text).toContain(href!);
      const html = rendered.replace(/<a href="[^"]*">|<\/a>/g, '');
      const expected = text
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u001f]/g, (c) => (c === '\n' ? ' ' : ''))
        .replace(/\s+/g, ' ')
        .trim()
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;');
      expect(html, text).toBe(`<p>${expected}</p>`);
    }
  });

  it('keeps a table whole whatever its cells hold, and makes no heading, HTML or link', () => {
    const states = { [status!.id]: 'not-applicable' } as const;
    for (const text of hostile) {
      const framework: Framework = {
        ...small,
        title: text,
        topics: small.topics.map((topic) => ({ ...topic, title: text })),
      };
      const notes = { [status!.id]: { reason: text, evidence: text } };
      const markdown = reportMarkdown(
        buildReport(subject(framework, states, notes, { person: text })),
      );
      const html = render(markdown);
      expect(html, text).not.toMatch(/<(script|img|div|pre|blockquote|h[4-6]|ol)\b/);
      for (const [, href] of html.matchAll(/<a href="([^"]*)">/g)) expect(text).toContain(href!);
      // The framework's version is the one piece of code.
      expect(html.match(/<code>/g), text).toHaveLength(1);
      expect(html.match(/<h1>/g), text).toHaveLength(1);
      expect(html.match(/<h2>/g), text).toHaveLength(5);
      expect(html.match(/<h3>/g), text).toHaveLength(4);
      // The table has its five columns in every row, and as many rows as topics and a total.
      const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
      expect(rows, text).toHaveLength(4);
      for (const row of rows) expect(row.match(/<t[hd]\b/g), text).toHaveLength(5);
    }
  });

  it('leaves a bare web address as written, the link it holds', () => {
    expect(markdownText('see https://example.com/pr/1')).toBe('see https://example.com/pr/1');
    expect(render(markdownText('see https://example.com/pr/1'))).toContain(
      '<a href="https://example.com/pr/1">',
    );
  });
});
