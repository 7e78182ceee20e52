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

  it('gives null for JSON that does not hold a framework', () => {
    expect(parsePageData('[]')).toBeNull();
    expect(parsePageData('{"framework": null}')).toBeNull();
    expect(parsePageData('{"framework": {"title": "no id or topics"}}')).toBeNull();
  });
});
