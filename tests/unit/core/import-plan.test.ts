import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCriteria } from '../../../src/lib/core/model.ts';
import type { CriterionProgress, FrameworkSettings } from '../../../src/lib/core/progress.ts';
import { buildSnapshot, type Snapshot } from '../../../src/lib/core/snapshot.ts';
import { snapshotToText } from '../../../src/lib/core/snapshot-file.ts';
import {
  applyPlan,
  planImport,
  undoImport,
  type ImportContext,
  type ImportPlan,
  type OwnImportPlan,
} from '../../../src/lib/core/import-plan.ts';
import { parseSnapshot } from '../../../src/lib/core/snapshot-read.ts';
import { fixture, usable } from './framework-fixture.ts';

const tiny = usable('scoring-tiny.md').framework;
const [writesTests, readsLogs, fixesFlaky, addsMetrics] = allCriteria(tiny).map((c) => c.id);
const NOW = new Date('2025-04-01T12:00:00.000Z');

function snapshotOf(name: string): Snapshot {
  const result = parseSnapshot(readFileSync(`tests/fixtures/snapshots/${name}`, 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.snapshot;
}

function record(
  id: string | undefined,
  fields: Partial<CriterionProgress> = {},
): CriterionProgress {
  const criterion = allCriteria(tiny).find((candidate) => candidate.id === id);
  return {
    frameworkId: tiny.id,
    criterionId: id ?? 'missing',
    state: 'demonstrated',
    updatedAt: '2025-03-05T10:00:00.000Z',
    topic: criterion?.topic ?? 'craft',
    level: criterion?.level ?? 1,
    text: criterion?.text ?? 'gone',
    ...fields,
  };
}

const SETTINGS: FrameworkSettings = {
  frameworkId: tiny.id,
  threshold: 90,
  target: null,
  updatedAt: '2025-02-01T00:00:00Z',
};

function own(plan: ImportPlan): OwnImportPlan {
  if (plan.kind !== 'own') throw new Error(`expected an own plan, got ${plan.kind}`);
  return plan;
}

/** The person's context; by default they said the file is theirs (see "whose file it is"). */
function context(fields: Partial<ImportContext> = {}): ImportContext {
  return {
    framework: tiny,
    currentRecords: [],
    currentSettings: SETTINGS,
    now: NOW,
    claim: 'mine',
    ...fields,
  };
}

// self.json: writesTests demonstrated at 03-01, readsLogs demonstrated at 03-01 10:05,
// fixesFlaky not applicable at 03-02, people level 1 demonstrated at 03-03, the rest never recorded.
const current = [
  record(writesTests, { state: 'not-yet', updatedAt: '2025-02-01T00:00:00Z' }), // older: file wins
  record(readsLogs, { state: 'not-yet', evidence: 'mine', updatedAt: '2025-03-20T00:00:00Z' }), // newer: kept
  record(addsMetrics, { updatedAt: '2025-01-01T00:00:00Z' }), // file has it without a time: kept
];

describe('planImport of your own snapshot', () => {
  it('previews a merge where the newer record per criterion wins', () => {
    const plan = own(planImport(snapshotOf('self.json'), context({ currentRecords: current })));
    const kinds = Object.fromEntries(
      plan.merge.changes.map((change) => [change.criterionId, change.kind]),
    );
    expect(kinds).toEqual({
      [writesTests!]: 'changed',
      [readsLogs!]: 'unchanged',
      [addsMetrics!]: 'unchanged',
      [fixesFlaky!]: 'added',
      'people.1.2f146d8721b5': 'added',
    });
    expect(plan.merge.counts).toEqual({ added: 2, changed: 1, unchanged: 2, removed: 0 });
    expect(plan.merge.records.find((r) => r.criterionId === writesTests)).toMatchObject({
      state: 'demonstrated',
      evidence: 'https://example.com/pr/1',
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(plan.merge.records.find((r) => r.criterionId === readsLogs)).toEqual(current[1]);
  });

  it('takes a time more than a day ahead as the import time, so it never wins a merge by its date', () => {
    const file = snapshotOf('self.json');
    const forged: Snapshot = {
      ...file,
      criteria: file.criteria.map((criterion) =>
        criterion.id === readsLogs
          ? { ...criterion, updatedAt: '9999-12-31T23:59:59.000Z' }
          : criterion.id === writesTests
            ? { ...criterion, updatedAt: '2025-04-02T11:00:00.000Z' } // within a day: as written
            : criterion,
      ),
    };
    // The person's own tick, made after the import's moment, against the file's year 9999.
    const mine = record(readsLogs, {
      state: 'not-yet',
      evidence: 'mine',
      updatedAt: '2025-04-01T12:30:00.000Z',
    });
    const plan = own(planImport(forged, context({ currentRecords: [mine] })));
    expect(plan.futureTimes).toBe(1);
    expect(plan.merge.records.find((r) => r.criterionId === readsLogs)).toEqual(mine);
    expect(plan.replace.records.find((r) => r.criterionId === readsLogs)?.updatedAt).toBe(
      NOW.toISOString(),
    );
    expect(plan.merge.records.find((r) => r.criterionId === writesTests)?.updatedAt).toBe(
      '2025-04-02T11:00:00.000Z',
    );
    expect(own(planImport(file, context())).futureTimes).toBe(0);
  });

  it("keeps the stored settings on merge and takes the file's on replace", () => {
    const plan = own(planImport(snapshotOf('self.json'), context()));
    expect(plan.merge.settings).toEqual(SETTINGS);
    expect(plan.replace.settings).toEqual({
      frameworkId: tiny.id,
      threshold: 80,
      target: 3,
      updatedAt: NOW.toISOString(),
    });
  });

  it("previews a replace that leaves exactly the file's records", () => {
    const plan = own(planImport(snapshotOf('self.json'), context({ currentRecords: current })));
    expect(plan.replace.counts).toEqual({ added: 2, changed: 2, unchanged: 0, removed: 1 });
    expect(plan.replace.changes.find((change) => change.kind === 'removed')?.criterionId).toBe(
      addsMetrics,
    );
    expect(plan.replace.records.map((r) => [r.criterionId, r.state])).toEqual([
      [writesTests, 'demonstrated'],
      [readsLogs, 'demonstrated'],
      [fixesFlaky, 'not-applicable'],
      ['people.1.2f146d8721b5', 'demonstrated'],
    ]);
  });

  it('applyPlan gives the chosen outcome as fresh copies', () => {
    const plan = own(planImport(snapshotOf('self.json'), context({ currentRecords: current })));
    const merged = applyPlan(plan, 'merge');
    expect(merged.records).toEqual(plan.merge.records);
    expect(merged.records[0]).not.toBe(plan.merge.records[0]);
    expect(applyPlan(plan, 'replace').settings?.threshold).toBe(80);
  });

  it('undo restores the state before the import exactly, whatever the caller did to the outcome', () => {
    const before = structuredClone(current);
    const plan = own(planImport(snapshotOf('self.json'), context({ currentRecords: current })));
    const applied = applyPlan(plan, 'replace');
    applied.records[0]!.state = 'not-applicable';
    const undone = undoImport(plan.undo);
    expect(undone.records).toEqual(
      [...before].sort((a, b) => (a.criterionId < b.criterionId ? -1 : 1)),
    );
    expect(undone.settings).toEqual(SETTINGS);
    expect(undone.unloadFramework).toBeNull();
    expect(current).toEqual(before);
  });

  it('undo of an import into nothing stored gives no records and no settings', () => {
    const plan = own(planImport(snapshotOf('self.json'), context({ currentSettings: null })));
    expect(undoImport(plan.undo)).toEqual({
      frameworkId: tiny.id,
      records: [],
      settings: null,
      unloadFramework: null,
    });
  });

  it('exports and re-imports into an empty browser to identical records', () => {
    const records = [
      record(writesTests, { evidence: 'link' }),
      record(fixesFlaky, { state: 'not-applicable', reason: 'none here' }),
      record(readsLogs, { state: 'not-yet' }),
    ];
    const text = snapshotToText(
      buildSnapshot({
        framework: tiny,
        records,
        settings: { threshold: 70, target: 2 },
        role: 'self',
        exportedAt: NOW,
      }),
    );
    const parsed = parseSnapshot(text);
    if (!parsed.ok) throw new Error('refused');
    const plan = own(planImport(parsed.snapshot, context({ currentSettings: null })));
    const byId = (a: CriterionProgress, b: CriterionProgress) =>
      a.criterionId < b.criterionId ? -1 : 1;
    expect(applyPlan(plan, 'replace').records).toEqual([...records].sort(byId));
    expect(applyPlan(plan, 'merge').records).toEqual([...records].sort(byId));
  });

  it('lists criterion ids the framework no longer has for re-attaching, and keeps their records', () => {
    const snapshot = buildSnapshot({
      framework: tiny,
      records: [record('craft.1.gone00000000', { text: 'Writes docs' })],
      settings: null,
      role: 'self',
      exportedAt: NOW,
    });
    const plan = own(planImport(snapshot, context()));
    expect(plan.reattach).toEqual(['craft.1.gone00000000']);
    for (const mode of ['merge', 'replace'] as const) {
      expect(applyPlan(plan, mode).records).toEqual([
        record('craft.1.gone00000000', { text: 'Writes docs' }),
      ]);
    }
  });

  it('says when the file was made against another version of the framework', () => {
    const plan = own(planImport(snapshotOf('self.json'), context()));
    expect(plan.frameworkChanged).toBe(false);
    const other = { ...snapshotOf('self.json') };
    other.framework = { ...other.framework, sha256: '1'.repeat(64) };
    expect(own(planImport(other, context())).frameworkChanged).toBe(true);
  });

  it('refuses an unknown framework without embedded source', () => {
    const plan = planImport(snapshotOf('unknown-framework.json'), context({ framework: null }));
    expect(plan.kind).toBe('refused');
    expect(plan.kind === 'refused' && plan.problems[0]?.message).toMatch(
      /^This snapshot is for the framework "retired\/framework" \(A framework this app never had\), which this app does not have.*\(unknown framework without embedded source\)/,
    );
  });

  it('loads an unknown framework from the embedded source, and undo unloads it', () => {
    const snapshot = buildSnapshot({
      framework: tiny,
      records: [record(writesTests)],
      settings: null,
      role: 'self',
      source: fixture('scoring-tiny.md'),
      exportedAt: NOW,
    });
    const plan = own(planImport(snapshot, context({ framework: null, currentSettings: null })));
    expect(plan.loadFramework?.framework.sourceHash).toBe(tiny.sourceHash);
    expect(plan.loadFramework?.source).toBe(fixture('scoring-tiny.md'));
    expect(plan.merge.counts.added).toBe(1);
    expect(plan.undo.unloadFramework).toBe('scoring-tiny');
  });

  it('refuses current records of another framework', () => {
    const stray = { ...record(writesTests), frameworkId: 'other' };
    expect(() => planImport(snapshotOf('self.json'), context({ currentRecords: [stray] }))).toThrow(
      /belongs to framework "other", not "scoring-tiny"/,
    );
  });
});

describe("planImport of someone else's snapshot", () => {
  it("keeps a manager's snapshot as a received assessment, never over your progress", () => {
    const snapshot = snapshotOf('manager.json');
    const plan = planImport(snapshot, context({ currentRecords: current }));
    expect(plan.kind).toBe('received');
    if (plan.kind !== 'received') return;
    expect(plan.received).toMatchObject({
      receivedAt: NOW.toISOString(),
      role: 'manager',
      person: 'Grace (manager of Ada)',
      frameworkId: 'scoring-tiny',
      exportedAt: '2025-03-12T16:30:00Z',
    });
    expect(plan.received.snapshot.criteria[1]?.review).toEqual({
      verdict: 'needs-evidence',
      comment: 'Show me an incident you debugged.',
    });
    expect('merge' in plan).toBe(false);
  });

  it('gives the same key to the same file, so importing it twice keeps one copy', () => {
    const first = planImport(snapshotOf('manager.json'), context());
    const second = planImport(snapshotOf('manager.json'), context({ now: new Date() }));
    expect(first.kind === 'received' && second.kind === 'received' && first.received.key).toBe(
      second.kind === 'received' && second.received.key,
    );
  });

  it('keeps your own-role file as received when you say the person is not you', () => {
    const plan = planImport(snapshotOf('self.json'), context({ claim: 'not-mine' }));
    expect(plan).toMatchObject({ kind: 'received', mayBeMine: false });
  });
});

describe('whose file it is', () => {
  const ours = 'browser-ours-0001';
  const self = (exportId?: string) => ({
    ...snapshotOf('self.json'),
    ...(exportId === undefined ? {} : { exportId }),
  });
  const unclaimed = (fields: Partial<ImportContext> = {}) => {
    const { claim, ...rest } = context(fields);
    void claim;
    return rest;
  };

  it('is yours when this browser exported it, whatever name it carries', () => {
    expect(planImport(self(ours), unclaimed({ ownExportId: ours })).kind).toBe('own');
  });

  it('is kept beside yours by default when another browser exported it, or none says', () => {
    for (const file of [self('browser-theirs-01'), self()]) {
      const plan = planImport(file, unclaimed({ ownExportId: ours }));
      expect(plan).toMatchObject({ kind: 'received', mayBeMine: true, reviewOfMine: false });
    }
    expect(planImport(self(ours), unclaimed({ ownExportId: null })).kind).toBe('received');
  });

  it('is yours when you say so, unless it is a manager’s review', () => {
    expect(planImport(self(), context({ ownExportId: ours, claim: 'mine' })).kind).toBe('own');
    const review = { ...snapshotOf('manager.json'), exportId: ours };
    expect(planImport(review, context({ ownExportId: ours, claim: 'mine' })).kind).toBe('received');
  });

  it('knows a review of an assessment this browser exported', () => {
    const review = {
      ...snapshotOf('manager.json'),
      review: {
        reviewedAt: '2025-03-12T16:30:00Z',
        of: {
          digest: '0'.repeat(32),
          exportedAt: '2025-03-10T09:00:00Z',
          exportId: ours,
          suggested: null,
        },
      },
    };
    expect(planImport(review, unclaimed({ ownExportId: ours }))).toMatchObject({
      kind: 'received',
      mayBeMine: false,
      reviewOfMine: true,
    });
    expect(planImport(review, unclaimed({ ownExportId: 'browser-other-01' }))).toMatchObject({
      reviewOfMine: false,
    });
  });

  it('keeps a received assessment of an unknown framework, readable on its own', () => {
    const other = { ...snapshotOf('unknown-framework.json'), role: 'manager' as const };
    const plan = planImport(other, context({ framework: null }));
    expect(plan.kind === 'received' && plan.framework).toBeNull();
  });
});
