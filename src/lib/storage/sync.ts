/**
 * Tells other tabs of the same site what changed, through a BroadcastChannel. A message carries
 * the changed record itself, so the other tab shows it at once, and the record version, since
 * the tabs may run different versions of the app: whatever a tab cannot read becomes
 * "everything may have changed", and it reads storage again.
 */
import * as v from 'valibot';
import { CriterionProgressSchema, FrameworkSettingsSchema } from '../core/schemas/progress.ts';
import { check, isPlainObject, type RecordSchema } from '../core/schemas/read.ts';
import { PROGRESS_RECORD_VERSION } from '../core/progress.ts';
import type { StoreChange } from './types.ts';

const SOURCE = 'progression.storage';

export interface SyncChannel {
  post(change: StoreChange): void;
  close(): void;
}

/**
 * Opens the channel `name`; `receive` gets each change other tabs post. Returns `null` when the
 * channel cannot be opened (the store then keeps to this tab).
 */
export function openSyncChannel(
  Channel: typeof BroadcastChannel,
  name: string,
  receive: (change: StoreChange) => void,
): SyncChannel | null {
  let channel: BroadcastChannel;
  try {
    channel = new Channel(name);
  } catch {
    return null;
  }
  const onMessage = (event: MessageEvent<unknown>) => {
    const change = readMessage(event.data);
    if (change) receive(change);
  };
  channel.addEventListener('message', onMessage);
  return {
    post(change) {
      try {
        channel.postMessage({ source: SOURCE, v: PROGRESS_RECORD_VERSION, change });
      } catch {
        // A closed channel, or one the browser shut: the other tabs will read storage on reload.
      }
    },
    close() {
      channel.removeEventListener('message', onMessage);
      channel.close();
    },
  };
}

/** A change as another tab posts it: the record it carries is read like any stored one. */
const StoreChangeSchema: RecordSchema<StoreChange> = v.pipe(
  v.variant('kind', [
    v.object({
      kind: v.literal('criterion'),
      frameworkId: v.string(),
      criterionId: v.string(),
      record: v.nullable(CriterionProgressSchema),
    }),
    v.object({
      kind: v.literal('settings'),
      frameworkId: v.string(),
      settings: FrameworkSettingsSchema,
    }),
    v.object({ kind: v.literal('entry'), collection: v.string(), key: v.string() }),
    v.object({ kind: v.literal('everything') }),
  ]),
  // The record must be the one the change names.
  v.check(
    (change) =>
      (change.kind === 'criterion' &&
        (change.record === null ||
          (change.record.frameworkId === change.frameworkId &&
            change.record.criterionId === change.criterionId))) ||
      (change.kind === 'settings' && change.settings.frameworkId === change.frameworkId) ||
      change.kind === 'entry' ||
      change.kind === 'everything',
  ),
);

/** The change a message carries; `everything` when it is ours but unreadable; `null` if not ours. */
export function readMessage(data: unknown): StoreChange | null {
  if (!isPlainObject(data) || data.source !== SOURCE) return null;
  if (data.v !== PROGRESS_RECORD_VERSION) return { kind: 'everything' };
  const change = check(StoreChangeSchema, data.change);
  return change.ok ? change.value : { kind: 'everything' };
}
