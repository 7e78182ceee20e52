import { describe, expect, it } from 'vitest';
import { parsePageData, serialisePageData } from '../../../src/lib/core/page-data.ts';
import { usable } from './framework-fixture.ts';

const { framework } = usable('scoring-tiny.md');

describe('serialisePageData', () => {
  it('writes nothing that could close the script element or start markup', () => {
    const hostile = { ...framework, title: '</script><script>alert(1)</script> & \u2028' };
    const text = serialisePageData({ framework: hostile });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(parsePageData(text)?.framework.title).toBe(hostile.title);
  });
});

describe('parsePageData', () => {
  it('reads back the framework the build wrote, field for field', () => {
    expect(parsePageData(serialisePageData({ framework }))).toEqual({ framework });
  });

  it('gives null for a page without data, so the app renders from the framework file', () => {
    expect(parsePageData(null)).toBeNull();
    expect(parsePageData(undefined)).toBeNull();
    expect(parsePageData('')).toBeNull();
  });

  it('gives null for text that is not JSON', () => {
    expect(parsePageData('{"framework": ')).toBeNull();
  });

  it('gives null for JSON that is not a framework', () => {
    expect(parsePageData('[]')).toBeNull();
    expect(parsePageData('{"framework": {"id": "x", "topics": []}}')).toBeNull();
    const broken = { ...framework, topics: [{ ...framework.topics[0], levels: 'all' }] };
    expect(parsePageData(JSON.stringify({ framework: broken }))).toBeNull();
  });

  it('keeps a __proto__ key in the data as inert data', () => {
    const text = serialisePageData({ framework }).replace(
      '{"framework":{',
      '{"__proto__":{"polluted":true},"framework":{"__proto__":{"polluted":true},',
    );
    const data = parsePageData(text);
    expect(data?.framework).toEqual(framework);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(data?.framework)).toBe(Object.prototype);
  });
});
