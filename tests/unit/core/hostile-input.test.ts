// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFramework, type ParseResult } from '../../../src/lib/core/framework.ts';
import { LIMITS } from '../../../src/lib/core/limits.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import { describeProblems, fixture, refused, usable } from './framework-fixture.ts';

const UNFORMATTED =
  'shown as plain text, without links or formatting: the app formats at most 1,000 markdown symbols (punctuation and line breaks) at a time, 10,000 in one framework, and lists or quotes nested at most 8 deep.';

/**
 * Parses `text`, failing the test if that throws or takes a second or more of CPU time. CPU time,
 * not wall time, so that other work on a busy machine does not fail the test.
 */
function parseQuickly(text: string, origin = 'hostile.md'): ParseResult {
  const started = process.cpuUsage();
  const result = parseFramework(text, origin);
  const { user, system } = process.cpuUsage(started);
  expect((user + system) / 1000).toBeLessThan(1000);
  return result;
}

/** A front matter with one topic whose level 1 has these criteria lines. */
function withCriteria(lines: string[]): string {
  return `---\ntitle: "Many"\ntopics:\n  - name: "impact"\n    content:\n      - level: 1\n        criteria:\n${lines.join('\n')}\n---\n`;
}

const LEVELLED_HEAD = withCriteria(['          - "Delivers tasks"']).slice(0, -4);

// Loading the parser's modules the first time is not what the timings below are about.
beforeAll(() => {
  parseFramework(fixture('levelled.md'), 'levelled.md');
});

describe('invalid YAML', () => {
  it('gives the syntax error at its line and column', () => {
    expect(describeProblems(refused('invalid-yaml.md'))).toEqual([
      'error 3:1 -: YAML syntax: deficient indentation',
    ]);
  });

  it('with keys that are not text, repeated keys or unknown tags gives an error', () => {
    for (const yaml of ['? [a, b]\n: c', 'title: "a"\ntitle: "b"', 'title: !!binary aGk=']) {
      const result = parseQuickly(`---\n${yaml}\n---\n`);
      expect(result.ok).toBe(false);
      expect(result.problems[0]!.message).toMatch(/^YAML syntax: /);
    }
  });
});

describe('wrong types', () => {
  it('in every framework field give a warning each, and an error for topics', () => {
    expect(describeProblems(refused('wrong-types.md'))).toEqual([
      'warning 2:7 path: "path" should be text, but is a list; it is ignored.',
      'warning 3:8 title: "title" should be text, but is a set of fields; it is ignored.',
      'warning 4:15 sidebarGroup: "sidebarGroup" should be text, but is a list; it is ignored.',
      'warning 5:7 yaml: "yaml" should be true or false, but is the text "yes please"; it is ignored.',
      'warning 6:9 levels: "levels" should be a whole number from 0 to 99, but is the text "six"; it is ignored.',
      'warning 7:11 homepage: "homepage" should be true or false, but is the number 1; it is ignored.',
      'error 8:9 topics: "topics" should be a list (lines starting with "- "), but is the text "communication, impact".',
    ]);
  });

  it('in topics, levels, criteria and examples give an error each, none hiding another', () => {
    expect(describeProblems(refused('wrong-types-in-topics.md'))).toEqual([
      'error 4:5 topics[0]: Each topic should be a set of fields (name, title, content), but topic 1 is the text "just a string".',
      'error 5:11 topics[1].name: "name" should be text, but is a list.',
      'error 8:14 topics[2].content: "content" should be a list (lines starting with "- "), but is the text "level 1: delivers".',
      'error 11:9 topics[3].content[0]: Each content entry should have a "level" and "criteria", but this one is the text "level 1".',
      'error 12:16 topics[3].content[1].level: "level" should be a whole number from 0 to 99, but is the text "three".',
      'error 16:11 topics[3].content[2].criteria: "criteria" should be a list (lines starting with "- "), but is a set of fields.',
      'error 19:13 topics[3].content[3].criteria[0]: Item 1 of "criteria" should be text, but is a list.',
      'error 21:13 topics[3].content[3].criteria[2]: A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes.',
      'error 23:26 topics[3].content[4].exampleCriteria: "exampleCriteria" should be a list (lines starting with "- "), but is the number 7.',
      'error 26:13 topics[3].content[5].exampleCriteria[0]: Each entry of "exampleCriteria" should have "criteria" and "examples", but this one is the text "just text".',
      'error 28:23 topics[3].content[5].exampleCriteria[1].examples: "examples" should be a list (lines starting with "- "), but is the number 5.',
      'error 31:17 topics[3].content[5].exampleCriteria[2].examples[0]: Item 1 of "examples" should be text, but is a set of fields.',
    ]);
  });
});

describe('a YAML alias bomb', () => {
  it('("billion laughs") is refused by the number of values it expands to, quickly', () => {
    const problems = parseQuickly(fixture('alias-bomb.md')).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error' });
    expect(problems[0]!.message).toBe(
      'The YAML expands to more than 200,000 values (through aliases or sheer size); a framework needs far fewer.',
    );
  });

  it('with more aliases than a framework could need is refused before it is expanded', () => {
    const yaml = `a: &a "x"\nb: [${Array.from({ length: LIMITS.yamlAliases + 1 }, () => '*a').join(', ')}]`;
    expect(describeProblems(parseQuickly(`---\n${yaml}\n---\n`).problems)).toEqual([
      'error 3:405 -: The YAML uses more than 100 aliases (*name); a framework needs none.',
    ]);
  });

  it('that refers to itself gives an error instead of endless nesting', () => {
    const problems = parseQuickly(fixture('recursive-alias.md')).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', line: 4 });
    expect(problems[0]!.message).toBe(
      'This value nests deeper than 24 levels through aliases (*name).',
    );
  });
});

describe('deep nesting', () => {
  it('beyond the limit is refused by the YAML reader', () => {
    expect(describeProblems(refused('deep-nesting.md'))).toEqual([
      'error 3:30 -: YAML syntax: YAML nested deeper than 24 levels',
    ]);
  });

  it('of 100,000 levels is refused without overflowing the stack', () => {
    const text = `---\ndeep: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n---\n`;
    expect(parseQuickly(text).problems[0]!.message).toBe(
      'YAML syntax: YAML nested deeper than 24 levels',
    );
  });
});

describe('size limits', () => {
  it('refuse a file over 2 MB before reading it', () => {
    const text = `${LEVELLED_HEAD}---\n${'a'.repeat(LIMITS.frameworkBytes)}`;
    expect(describeProblems(parseQuickly(text).problems)).toEqual([
      'error -:- -: The file is larger than 2 MB; a framework file is far smaller.',
    ]);
  });

  it('count the size in UTF-8 bytes, not characters', () => {
    const text = `${LEVELLED_HEAD}---\n${'é'.repeat(LIMITS.frameworkBytes / 2)}`;
    expect(parseQuickly(text).problems[0]!.message).toMatch(/larger than 2 MB/);
  });

  it('refuse more than 20,000 criteria in the front matter, at the first one too many', () => {
    const lines = Array.from({ length: LIMITS.criteria + 1 }, (_, i) => `          - "C${i}"`);
    expect(describeProblems(parseQuickly(withCriteria(lines)).problems)).toEqual([
      'error 20008:- -: The framework has more than 20,000 criteria.',
    ]);
  });

  it('accept 20,000 criteria', () => {
    const lines = Array.from({ length: LIMITS.criteria }, (_, i) => `          - "C${i}"`);
    const result = parseQuickly(withCriteria(lines));
    expect(result.ok && result.framework.criterionCount).toBe(20_000);
  });

  it('refuse more than 20,000 criteria in a prose file', () => {
    const paragraphs = Array.from({ length: LIMITS.criteria + 1 }, (_, i) => `C${i}\n`).join('\n');
    const text = `---\ntitle: "Prose"\nyaml: false\n---\n## Level 1\n### Impact\n${paragraphs}`;
    expect(describeProblems(parseQuickly(text).problems)).toEqual([
      'error 40007:1 -: The framework has more than 20,000 criteria.',
    ]);
  });

  it('refuse a front matter of nearly 2 MB of values before building anything from it', () => {
    const text = `---\ntitle: "Flat"\nlist: [${'a,'.repeat(1_000_000)}a]\n---\n`;
    expect(describeProblems(parseQuickly(text).problems)).toEqual([
      'error 2:- -: The YAML has more than 200,000 values; a framework needs far fewer.',
    ]);
  });

  it('refuse a front matter of over 200,000 values that passes the first check', () => {
    const text = `---\ntitle: "Flat"\nlist: [${'a, b: c, '.repeat(120_000)}a]\n---\n`;
    expect(describeProblems(parseQuickly(text).problems)).toEqual([
      'error 2:- -: The YAML has more than 200,000 values; a framework needs far fewer.',
    ]);
  });

  it('refuse a criterion longer than 10,000 characters', () => {
    const text = withCriteria([`          - "${'a'.repeat(LIMITS.textLength + 1)}"`]);
    expect(describeProblems(parseQuickly(text).problems)).toEqual([
      'error 8:13 topics[0].content[0].criteria[0]: This text is longer than 10,000 characters.',
    ]);
  });
});

describe('markdown that would keep the renderer busy', () => {
  const bombs = {
    emphasis: '*a'.repeat(50_000),
    'nested lists': '1. '.repeat(30_000),
    'nested quotes': '- > x\n'.repeat(20_000),
    'setext underlines': 'a\n=\n'.repeat(20_000),
    links: '[a](b) '.repeat(20_000),
  };

  for (const [name, bomb] of Object.entries(bombs)) {
    it(`(${name}) in the about text is shown as escaped plain text, with a warning`, () => {
      const result = parseQuickly(`${LEVELLED_HEAD}---\n${bomb}`);
      expect(result.ok && result.framework.aboutHtml.startsWith('<p>')).toBe(true);
      expect(describeProblems(result.problems)).toEqual([
        `warning 10:1 -: The about text is ${UNFORMATTED}`,
      ]);
    });
  }

  it('in many criteria is formatted up to the budget, and the rest shown as plain text', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `          - "${'*a'.repeat(400)} ${i}"`);
    const result = parseQuickly(withCriteria(lines));
    if (!result.ok) throw new Error('expected a usable framework');
    const formatted = allCriteria(result.framework).filter((criterion) => criterion.html);
    expect(formatted.length).toBe(25);
    expect(describeProblems(result.problems)).toEqual([
      `warning 33:1 -: 475 criteria, from this one on, are ${UNFORMATTED}`,
    ]);
  });
});

describe('__proto__ and constructor keys', () => {
  const result = parseQuickly(fixture('proto-keys.md'));

  it('pollute no prototype', () => {
    const empty: Record<string, unknown> = {};
    expect(empty['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf(empty)).toBe(Object.prototype);
  });

  it('are left out of "extra" with a warning, as "__proto__" could change a copy\'s prototype', () => {
    if (!result.ok) throw new Error('expected a usable framework');
    const { extra } = result.framework;
    expect(Object.keys(extra)).toEqual(['constructor', 'nested']);
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(extra['constructor']).toEqual({ prototype: { polluted: 'yes' } });
    expect(Object.hasOwn(extra['nested'] as object, '__proto__')).toBe(false);
    expect(JSON.parse(JSON.stringify(extra))).toEqual({
      constructor: { prototype: { polluted: 'yes' } },
      nested: {},
    });
    expect(describeProblems(result.problems)).toEqual([
      'warning 3:1 __proto__: A field named "__proto__" is ignored.',
      'warning 9:3 nested.__proto__: A field named "__proto__" is ignored.',
      'warning 13:5 topics[0].__proto__: Unknown field "__proto__" in a topic is ignored (expected name, title, subtitle, description, content).',
    ]);
  });

  it('can name topics like any other name', () => {
    if (!result.ok) throw new Error('expected a usable framework');
    expect(result.framework.topics.map((topic) => [topic.name, topic.title])).toEqual([
      ['__proto__', 'Proto'],
      ['constructor', 'Constructor'],
    ]);
  });
});

/** Every element and URL in `html` that could run script. */
function liveScript(html: string): string[] {
  const document = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const found: string[] = [];
  for (const element of document.body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'style', 'iframe', 'object', 'embed', 'svg', 'math', 'form'].includes(tag))
      found.push(`<${tag}>`);
    for (const attribute of element.attributes) {
      // Browsers ignore white space and control characters in a URL's scheme.
      const value = [...attribute.value]
        .filter((char) => char > ' ')
        .join('')
        .toLowerCase();
      if (attribute.name.startsWith('on')) found.push(`${tag} ${attribute.name}`);
      if (/^(javascript|vbscript|data):/.test(value))
        found.push(`${tag} ${attribute.name}=${value}`);
    }
  }
  return found;
}

function renderedHtml(framework: Framework): string[] {
  return [
    framework.aboutHtml,
    ...allCriteria(framework).flatMap((criterion) => criterion.html ?? []),
  ];
}

describe('script and HTML in every text field', () => {
  for (const name of ['script-everywhere.md', 'script-everywhere-prose.md']) {
    const { framework } = usable(name);

    it(`(${name}) render to HTML that can run no script`, () => {
      const html = renderedHtml(framework);
      expect(html.length).toBeGreaterThanOrEqual(3);
      for (const fragment of html) {
        expect(fragment).not.toMatch(/<script/i);
        expect(liveScript(fragment)).toEqual([]);
      }
    });

    it(`(${name}) show the markup as text, escaped`, () => {
      expect(framework.aboutHtml).toContain("&lt;script&gt;alert('about')&lt;/script&gt;");
      expect(allCriteria(framework)[0]!.html).toContain('&lt;');
    });
  }

  it('keep plain text fields as the text they are: the app shows them escaped', () => {
    const { framework } = usable('script-everywhere.md');
    expect(framework.title).toBe("<script>alert('title')</script>");
    expect(framework.sidebarTitle).toBe("<img src=x onerror=alert('sidebar')>");
    expect(framework.group).toBe("<svg onload=alert('group')>");
    expect(framework.topics[0]!.title).toBe("<b onmouseover=alert('title')>Topic</b>");
    expect(framework.topics[0]!.description).toBe(
      "<iframe src=javascript:alert('description')></iframe>",
    );
    expect(framework.id).toBe('script-alert-1/script');
  });

  it('drop unsafe link targets and keep safe ones', () => {
    const { framework } = usable('script-everywhere.md');
    const html = renderedHtml(framework).join('\n');
    expect(html).toContain('<a rel="noopener noreferrer" target="_blank" href="">a link</a>');
    expect(html).not.toMatch(/href="(?!")/);
  });
});

describe('garbage', () => {
  const inputs = {
    'an empty file': '',
    'only the opening line': '---',
    'binary bytes': String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)),
    'NUL characters in the YAML': '---\ntitle: "a\u0000b"\n---\n',
    'a lone surrogate': '---\ntitle: "\uD800"\ntopics:\n  - name: "\uDC00"\n---\n',
    'a line of a megabyte': `---\ntitle: "${'x'.repeat(1_000_000)}"\n---\n`,
    'only dashes': '-\n--\n---\n----\n---\n',
    'a YAML document end marker': '---\ntitle: "x"\n...\n---\n',
  };

  for (const [name, text] of Object.entries(inputs)) {
    it(`(${name}) gives problems or a framework, never an exception`, () => {
      const result = parseQuickly(text);
      expect(result.ok || result.problems.some((problem) => problem.severity === 'error')).toBe(
        true,
      );
      for (const problem of result.problems) expect(problem.message).toMatch(/\S/);
    });
  }
});
