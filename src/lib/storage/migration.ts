/**
 * Reading criterion records as stored, older versions migrated (see `records.ts`), and writing
 * the migrated ones back in the current version.
 */
import type { CriterionProgress } from '../core/progress.ts';
import type { Entry, Write } from './backend.ts';
import { formatKey, parseKey, progressKey, type StoreKey } from './keys.ts';
import { decodeCriterion, encodeCriterion, type Decoded } from './records.ts';

/** Whether a decoded record can be used; reports why it is left out when not. */
export type Usable = <T>(
  key: StoreKey,
  decoded: Decoded<T>,
) => decoded is Extract<Decoded<T>, { kind: 'current' | 'migrated' }>;

/** A record read in an older version, to write back in the current one. */
export interface Upgrade {
  from: StoreKey;
  to: StoreKey;
  /** The old value as read, to check it is still there before replacing it. */
  stored: unknown;
  record: CriterionProgress;
}

/**
 * Criterion records by framework, then criterion id: array keys first, so they win over version
 * 0 keys. Records in an older version come with the upgrade that writes them back.
 */
export function readCriteria(entries: readonly Entry[], usable: Usable) {
  const frameworks = new Map<string, Map<string, CriterionProgress>>();
  const seen = new Set<string>();
  const upgrades: Upgrade[] = [];
  const ordered = [
    ...entries.filter(([key]) => typeof key !== 'string'),
    ...entries.filter(([key]) => typeof key === 'string'),
  ];
  for (const [key, stored] of ordered) {
    const parsed = parseKey(key);
    if (parsed.kind !== 'progress') continue;
    const id = `${parsed.frameworkId}\u0000${parsed.criterionId}`;
    if (parsed.legacy && seen.has(id)) continue;
    seen.add(id);
    const decoded = decodeCriterion(parsed, stored);
    if (!usable(key, decoded)) continue;
    let records = frameworks.get(parsed.frameworkId);
    if (!records) frameworks.set(parsed.frameworkId, (records = new Map()));
    records.set(parsed.criterionId, decoded.value);
    if (decoded.kind === 'migrated') {
      const to = progressKey(parsed.frameworkId, parsed.criterionId);
      upgrades.push({ from: key, to, stored, record: decoded.value });
    }
  }
  return { frameworks, upgrades };
}

/**
 * The writes that store migrated records in the current version, each only if its old value is
 * still there unchanged (`current`, read at `upgradeKeys`) and nothing newer took its place:
 * another tab may have written meanwhile.
 */
export function upgradeWrites(upgrades: readonly Upgrade[], current: readonly unknown[]): Write[] {
  return upgrades.flatMap((upgrade, index): Write[] => {
    const [atFrom, atTo] = [current[2 * index], current[2 * index + 1]];
    const moved = formatKey(upgrade.from) !== formatKey(upgrade.to);
    if (!sameValue(atFrom, upgrade.stored) || (moved && atTo !== undefined)) return [];
    const put: Write = { type: 'put', key: upgrade.to, value: encodeCriterion(upgrade.record) };
    return moved ? [put, { type: 'delete', key: upgrade.from }] : [put];
  });
}

/** The keys `upgradeWrites` reads: each upgrade's old and new key. */
export function upgradeKeys(upgrades: readonly Upgrade[]): StoreKey[] {
  return upgrades.flatMap((upgrade) => [upgrade.from, upgrade.to]);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
