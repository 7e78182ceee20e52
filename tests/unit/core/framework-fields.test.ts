import { describe, expect, it } from 'vitest';
import { frameworkId, topicTitle } from '../../../src/lib/core/framework.ts';
import { describeProblems, usable } from './framework-fixture.ts';

describe('empty values', () => {
  const { framework, problems } = usable('empty-values.md');

  it('are null: title, levels, sidebarGroup, homepage and the rest', () => {
    expect(framework).toMatchObject({
      id: 'empty-values',
      sidebarTitle: null,
      group: null,
      homepage: null,
      declaredLevels: null,
      levels: [1],
    });
  });

  it('give a framework without a title its id as title, with a warning', () => {
    expect(framework.title).toBe('empty-values');
    expect(describeProblems(problems)).toEqual([
      'warning 3:1 title: The framework has no title; it is shown as "empty-values".',
    ]);
  });

  it('give a topic without a title a readable form of its name, split at the colon', () => {
    expect(
      framework.topics.map(({ name, title, subtitle }) => ({ name, title, subtitle })),
    ).toEqual([
      {
        name: 'communication: transparent communication; giving feedback',
        title: 'Communication',
        subtitle: 'transparent communication; giving feedback',
      },
      { name: 'technical_skills', title: 'Technical skills', subtitle: null },
      { name: 'respectForTeam', title: 'Respect for team', subtitle: null },
    ]);
  });

  it('keep an optional topic description, and null where there is none', () => {
    expect(framework.topics.map((topic) => topic.description)).toEqual([
      'How you share what you know and hear what others think.',
      null,
      null,
    ]);
  });
});

describe('topicTitle', () => {
  it('uses the title when there is one', () => {
    expect(topicTitle({ name: 'impact', title: '💥 Impact' })).toEqual({
      title: '💥 Impact',
      subtitle: null,
    });
  });

  it('capitalises the name and keeps names with spaces, capitals and emoji as written', () => {
    expect(topicTitle({ name: 'Communication & Feedback', title: null }).title).toBe(
      'Communication & Feedback',
    );
    expect(topicTitle({ name: '🚀 Delivery', title: null }).title).toBe('🚀 Delivery');
    expect(topicTitle({ name: 'knowledge and thinking', title: null }).title).toBe(
      'Knowledge and thinking',
    );
  });

  it('splits only at the first colon', () => {
    expect(topicTitle({ name: 'comms: 1:1s and feedback', title: null })).toEqual({
      title: 'Comms',
      subtitle: '1:1s and feedback',
    });
  });

  it('falls back to the whole name when nothing readable comes before the colon', () => {
    expect(topicTitle({ name: '--: odd', title: null })).toEqual({
      title: '--: odd',
      subtitle: null,
    });
  });
});

describe('frameworkId', () => {
  it('is the path without its slashes', () => {
    expect(frameworkId('/engineering/backend', 'x.md')).toBe('engineering/backend');
  });

  it('is in lowercase, without a warning for the capitals of the path', () => {
    const text = '---\npath: "/Engineering/Backend"\ntitle: "Backend"\n---\n';
    const { framework, problems } = usable('backend.md', text);
    expect(framework.id).toBe('engineering/backend');
    expect(problems.filter((problem) => problem.field === 'path')).toEqual([]);
  });

  it('is the file name without extension when there is no path', () => {
    expect(frameworkId(null, 'frameworks/team/Web Frontend.md')).toBe('web-frontend');
    expect(frameworkId(null, 'C:\\frameworks\\data.yaml')).toBe('data');
  });

  it('keeps only characters that can stand in a URL path and drops "." and ".." segments', () => {
    expect(frameworkId('/../engineering/<script>/./x', 'x.md')).toBe('engineering/script/x');
    expect(frameworkId('///', '..')).toBe('framework');
  });
});

describe('unknown front matter keys', () => {
  const { framework, problems } = usable('unknown-keys.md');

  it('are kept in "extra" as written and are never a problem', () => {
    expect(problems).toEqual([]);
    expect(framework.extra).toEqual({
      owner: 'Platform team',
      reviewed: '2024-05-01',
      tags: ['backend', 'go'],
      meta: { version: 3, draft: false },
    });
  });

  it('are not mistaken for framework fields', () => {
    expect(framework.title).toBe('Unknown keys');
    expect(framework.criterionCount).toBe(1);
  });
});
