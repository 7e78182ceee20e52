import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, PAGES, type Route } from '../../../src/lib/core/route.ts';

const framework: Route = {
  frameworkId: 'engineering/backend',
  level: null,
  query: '',
  tab: 'assess',
};

describe('parseRoute', () => {
  it('reads the framework, level, search and tab', () => {
    expect(parseRoute('/engineering/backend', '?level=3&q=tests&tab=overview')).toEqual({
      frameworkId: 'engineering/backend',
      level: 3,
      query: 'tests',
      tab: 'overview',
    });
  });

  it('reads a path under the base path', () => {
    expect(parseRoute('/app/engineering/backend', '', '/app/').frameworkId).toBe(
      'engineering/backend',
    );
  });

  it('reads the report of one’s own assessment and of a received one', () => {
    expect(parseRoute('/engineering/backend', '?view=report').page).toEqual({
      kind: 'report',
      of: null,
    });
    expect(parseRoute('/engineering/backend', '?view=report&of=abc%2F1').page).toEqual({
      kind: 'report',
      of: 'abc/1',
    });
  });

  it('has addresses for the review, comparison and timeline pages', () => {
    expect(Object.keys(PAGES)).toEqual(['report', 'review', 'compare', 'timeline']);
    expect(parseRoute('/x', '?view=review&of=k').page).toEqual({ kind: 'review', of: 'k' });
    expect(parseRoute('/x', '?view=compare&of=k').page).toEqual({ kind: 'compare', of: 'k' });
    expect(parseRoute('/x', '?view=timeline&of=k').page).toEqual({ kind: 'timeline', of: null });
  });

  it('leaves the framework page for a page it does not know or one missing what it needs', () => {
    for (const search of [
      '?view=admin',
      '?view=constructor',
      '?view=__proto__',
      '?view=toString',
      '?view=review',
      `?view=review&of=${'k'.repeat(201)}`,
      '?view=compare&of=',
    ])
      expect(parseRoute('/x', search).page, search).toBeUndefined();
  });

  it('takes a fragment after #share= as a share link and ignores any other fragment', () => {
    expect(parseRoute('/x', '', '/', '#share=1&f=abc').shared).toBe('1&f=abc');
    expect(parseRoute('/x', '', '/', '#main').shared).toBeUndefined();
    expect(parseRoute('/x', '', '/', '').shared).toBeUndefined();
    expect(parseRoute('/x', '', '/', '#share=').shared).toBe('');
  });

  it('passes a share payload on whatever its length, for the link reader to refuse', () => {
    const long = 'A'.repeat(100_000);
    expect(parseRoute('/x', '', '/', `#share=${long}`).shared).toHaveLength(100_000);
  });

  it('ignores a path that is not a framework id and a level that is not a small number', () => {
    const route = parseRoute('/%E0%A4%A/<script>', '?level=1e3');
    expect(route.frameworkId).toBeNull();
    expect(route.level).toBeNull();
    expect(parseRoute('/a/<b>', '').frameworkId).toBeNull();
    expect(parseRoute('/index.html', '').frameworkId).toBeNull();
  });
});

describe('formatRoute', () => {
  it('writes the framework page without any parameter it does not need', () => {
    expect(formatRoute(framework)).toBe('/engineering/backend');
    expect(formatRoute({ ...framework, frameworkId: null }, '/app/')).toBe('/app/');
  });

  it('writes the page, whose assessment, and the share payload', () => {
    expect(formatRoute({ ...framework, page: { kind: 'report', of: null } })).toBe(
      '/engineering/backend?view=report',
    );
    expect(formatRoute({ ...framework, page: { kind: 'report', of: 'a b&c' } })).toBe(
      '/engineering/backend?view=report&of=a+b%26c',
    );
    expect(formatRoute({ ...framework, shared: '1&f=x' })).toBe('/engineering/backend#share=1&f=x');
  });

  it('gives back the same route when its address is read again', () => {
    const routes: Route[] = [
      framework,
      { ...framework, level: 4, query: 'on call & tests', tab: 'overview' },
      { ...framework, page: { kind: 'report', of: null } },
      { ...framework, page: { kind: 'report', of: 'received/2026 #1' } },
      { ...framework, page: { kind: 'review', of: 'k' } },
      { ...framework, page: { kind: 'compare', of: 'k' } },
      { ...framework, page: { kind: 'timeline', of: null } },
      { ...framework, frameworkId: 'yours/team-ü', shared: '1&f=yours/team' },
    ];
    for (const route of routes) {
      const url = new URL(formatRoute(route, '/base/'), 'https://example.test');
      expect(parseRoute(url.pathname, url.search, '/base/', url.hash)).toEqual(route);
    }
  });
});
