/**
 * The report of one assessment (one's own, one received as a file, or one opened from a share
 * link): what a manager reads on paper, in a document or in the app. Everything in it is
 * computed here, once, by the same rules the app uses (`scoring.ts`, `explanation.ts`,
 * `next-steps.ts`, `coverage.ts`), so the page, the print and the Markdown (`report-markdown.ts`)
 * say the same thing.
 *
 * Two choices shape it, and both apply to every form of the report alike: leaving evidence out
 * (the level picture without the details), and showing only the criteria demonstrated or not
 * applicable. The summary, the suggestion and what's next are always over every criterion: the
 * choices change what is listed, never where the person stands.
 */
import { coverageData, type CoverageData } from './coverage.ts';
import { describeSuggestion, explainSuggestion } from './explanation.ts';
import { allCriteria, type Criterion, type Framework, type Topic } from './model.ts';
import { describeNextStep, whatsNext, type NextStep } from './next-steps.ts';
import type { CriterionState } from './progress.ts';
import { levelTallies, suggestLevel, topicStandings, type Suggestion } from './scoring.ts';
import type { Snapshot } from './snapshot.ts';

/** What the report lists. */
export interface ReportOptions {
  /** Include each criterion's evidence. */
  evidence: boolean;
  /** List only the criteria demonstrated or not applicable (leave out the ones not yet shown). */
  onlyShown: boolean;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { evidence: true, onlyShown: false };

/** A note kept with a criterion. */
export interface CriterionNote {
  reason?: string;
  evidence?: string;
}

/** The assessment a report is of. */
export interface ReportSubject {
  /** The framework as shown (after any base-framework merge): its criteria are the report's. */
  framework: Framework;
  stateOf: (criterionId: string) => CriterionState;
  noteOf: (criterionId: string) => CriterionNote | undefined;
  threshold: number;
  target: number | null;
  /** Whose assessment it is; null when nobody gave a name. */
  person: string | null;
  /** When the assessment was made, exported or shared (ISO 8601). */
  date: string;
}

export interface ReportCriterion {
  id: string;
  text: string;
  state: CriterionState;
  /** Why it does not apply, for a criterion not applicable that has a reason. */
  reason?: string;
  /** Absent when there is none, or the report leaves evidence out. */
  evidence?: string;
}

export interface ReportTopic {
  name: string;
  title: string;
  /** Criteria of the topic at the level: demonstrated and applicable, over all of them. */
  demonstrated: number;
  applicable: number;
  /** The criteria listed (all of them, or only the ones shown with `onlyShown`). */
  criteria: ReportCriterion[];
}

export interface ReportLevel {
  level: number;
  demonstrated: number;
  applicable: number;
  /** Topics with criteria at this level, in the framework's order (empty ones left out). */
  topics: ReportTopic[];
}

/** One step of "what's next": a heading, the rule's sentence, and the criteria to tick. */
export interface ReportStep {
  heading: string;
  sentence: string;
  criteria: { level: number; topic: string; text: string }[];
}

export interface Report {
  person: string | null;
  /** The date of the assessment, `YYYY-MM-DD` (UTC). */
  date: string;
  framework: {
    id: string;
    title: string;
    /** The first 12 hex digits of the framework's content hash: which version it was. */
    version: string;
  };
  threshold: number;
  target: number | null;
  suggestion: Suggestion | null;
  /** Why the suggestion is what it is, in sentences with the person's numbers. */
  why: string[];
  coverage: CoverageData;
  next: ReportStep[];
  levels: ReportLevel[];
  counts: { total: number; demonstrated: number; notApplicable: number; notYet: number };
  options: ReportOptions;
}

/** The report of `subject`. Throws as the scoring rule does for a bad threshold. */
export function buildReport(
  subject: ReportSubject,
  options: ReportOptions = DEFAULT_REPORT_OPTIONS,
): Report {
  const { framework, stateOf, threshold } = subject;
  const tallies = levelTallies(framework, stateOf);
  const suggestion = suggestLevel(tallies, threshold);
  const standings = topicStandings(framework, stateOf, threshold);
  const counts = { total: 0, demonstrated: 0, notApplicable: 0, notYet: 0 };
  for (const criterion of allCriteria(framework)) {
    counts.total += 1;
    const state = stateOf(criterion.id);
    if (state === 'demonstrated') counts.demonstrated += 1;
    else if (state === 'not-applicable') counts.notApplicable += 1;
    else counts.notYet += 1;
  }
  return {
    person: subject.person,
    date: dateOnly(subject.date),
    framework: {
      id: framework.id,
      title: framework.title,
      version: framework.sourceHash.slice(0, 12),
    },
    threshold,
    target: subject.target,
    suggestion,
    why: describeSuggestion(explainSuggestion(tallies, threshold)),
    coverage: coverageData(framework, tallies, standings, suggestion),
    next: nextSteps(framework, stateOf, threshold, subject.target),
    levels: framework.levels
      .map((level) => reportLevel(framework.topics, level, subject, options))
      .filter((level) => level.topics.length > 0),
    counts,
    options,
  };
}

function reportLevel(
  topics: readonly Topic[],
  level: number,
  subject: ReportSubject,
  options: ReportOptions,
): ReportLevel {
  const out: ReportLevel = { level, demonstrated: 0, applicable: 0, topics: [] };
  for (const topic of topics) {
    const atLevel = topic.levels.find((entry) => entry.level === level);
    if (!atLevel) continue;
    let demonstrated = 0;
    let applicable = 0;
    const criteria: ReportCriterion[] = [];
    for (const criterion of atLevel.criteria) {
      const state = subject.stateOf(criterion.id);
      if (state !== 'not-applicable') applicable += 1;
      if (state === 'demonstrated') demonstrated += 1;
      if (options.onlyShown && state === 'not-yet') continue;
      criteria.push(reportCriterion(criterion, state, subject.noteOf(criterion.id), options));
    }
    out.demonstrated += demonstrated;
    out.applicable += applicable;
    if (criteria.length > 0)
      out.topics.push({ name: topic.name, title: topic.title, demonstrated, applicable, criteria });
  }
  return out;
}

function reportCriterion(
  criterion: Criterion,
  state: CriterionState,
  note: CriterionNote | undefined,
  options: ReportOptions,
): ReportCriterion {
  const out: ReportCriterion = { id: criterion.id, text: criterion.text, state };
  const reason = note?.reason?.trim();
  const evidence = note?.evidence?.trim();
  if (state === 'not-applicable' && reason) out.reason = reason;
  if (options.evidence && evidence) out.evidence = evidence;
  return out;
}

function nextSteps(
  framework: Framework,
  stateOf: (criterionId: string) => CriterionState,
  threshold: number,
  target: number | null,
): ReportStep[] {
  const next = whatsNext(framework, stateOf, threshold, target);
  if (!next) return [];
  const steps: [string, NextStep | null][] = [
    ['Next sub-level', next.nextSubLevel],
    ['Next level', next.nextLevel],
    [`Target: level ${target ?? ''}`, next.target],
  ];
  const titles = new Map(framework.topics.map((topic) => [topic.name, topic.title]));
  return steps.flatMap(([heading, step]) =>
    step === null
      ? []
      : [
          {
            heading,
            sentence: describeNextStep(step),
            criteria:
              step.status === 'reachable'
                ? step.criteria.map((criterion) => ({
                    level: criterion.level,
                    topic: titles.get(criterion.topic) ?? criterion.topic,
                    text: criterion.text,
                  }))
                : [],
          },
        ],
  );
}

/** `YYYY-MM-DD` of an ISO time (UTC); the text itself when it is not a time. */
function dateOnly(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso.slice(0, 10) : new Date(time).toISOString().slice(0, 10);
}

/**
 * The subject of a report on a snapshot (a received assessment). `framework` is the app's
 * framework of the same content, when it has it; otherwise the topics and levels are taken from
 * the snapshot's own criteria, in its order, so a file is readable where its framework is
 * unknown. Progress on criteria the framework no longer has (`detached`) is not listed.
 */
export function snapshotSubject(snapshot: Snapshot, framework: Framework | null): ReportSubject {
  const byId = new Map(snapshot.criteria.map((criterion) => [criterion.id, criterion]));
  return {
    framework: framework ?? frameworkOfSnapshot(snapshot),
    stateOf: (id) => byId.get(id)?.state ?? 'not-yet',
    noteOf: (id) => {
      const criterion = byId.get(id);
      if (!criterion) return undefined;
      const note: CriterionNote = {};
      if (criterion.reason !== undefined) note.reason = criterion.reason;
      if (criterion.evidence !== undefined) note.evidence = criterion.evidence;
      return note;
    },
    threshold: snapshot.settings.threshold,
    target: snapshot.settings.target ?? null,
    person: snapshot.person ?? null,
    date: snapshot.exportedAt,
  };
}

/** A framework of a snapshot's criteria alone: topics in order of first appearance. */
export function frameworkOfSnapshot(snapshot: Snapshot): Framework {
  const titles = new Map(snapshot.summary.topics.map((topic) => [topic.name, topic.title]));
  const topics = new Map<string, Topic>();
  const levels = new Set<number>();
  let line = 0;
  for (const entry of snapshot.criteria) {
    if (entry.detached) continue;
    line += 1;
    levels.add(entry.level);
    let topic = topics.get(entry.topic);
    if (!topic) {
      topic = {
        name: entry.topic,
        title: titles.get(entry.topic) ?? entry.topic,
        subtitle: null,
        description: null,
        levels: [],
      };
      topics.set(entry.topic, topic);
    }
    let level = topic.levels.find((candidate) => candidate.level === entry.level);
    if (!level) {
      level = { level: entry.level, criteria: [] };
      topic.levels.push(level);
      topic.levels.sort((a, b) => a.level - b.level);
    }
    level.criteria.push({
      id: entry.id,
      topic: entry.topic,
      level: entry.level,
      text: entry.text,
      examples: [],
      line,
    });
  }
  return {
    id: snapshot.framework.id,
    origin: '',
    title: snapshot.framework.title,
    sidebarTitle: null,
    group: null,
    homepage: null,
    shape: 'levelled',
    declaredLevels: null,
    levels: [...levels].sort((a, b) => a - b),
    topics: [...topics.values()],
    about: '',
    aboutHtml: '',
    sourceHash: snapshot.framework.sha256,
    criterionCount: line,
    extra: {},
  };
}
