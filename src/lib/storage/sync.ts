/**
 * Tells other tabs of the same site what changed, through a BroadcastChannel. A message carries
 * the changed record itself, so the other tab shows it at once, and the record version, since
 * the tabs may run different versions of the app: whatever a tab cannot read becomes
 * "everything may have changed", and it reads storage again.
 */
import { readCriterionProgress, readFrameworkSettings } from '../core/backup.ts';
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

/** The change a message carries; `everything` when it is ours but unreadable; `null` if not ours. */
export function readMessage(data: unknown): StoreChange | null {
  if (!isObject(data) || data.source !== SOURCE) return null;
  if (data.v !== PROGRESS_RECORD_VERSION || !isObject(data.change)) return { kind: 'everything' };
  return readChange(data.change) ?? { kind: 'everything' };
}

function readChange(change: Record<string, unknown>): StoreChange | null {
  const ignore = () => undefined;
  const { kind, frameworkId, criterionId, collection, key } = change;
  switch (kind) {
    case 'criterion': {
      if (typeof frameworkId !== 'string' || typeof criterionId !== 'string') return null;
      if (change.record === null) return { kind, frameworkId, criterionId, record: null };
      const record = readCriterionProgress(change.record, 'record', ignore);
      if (!record || record.frameworkId !== frameworkId || record.criterionId !== criterionId) {
        return null;
      }
      return { kind, frameworkId, criterionId, record };
    }
    case 'settings': {
      const settings = readFrameworkSettings(change.settings, 'settings', ignore);
      if (!settings || settings.frameworkId !== frameworkId) return null;
      return { kind, frameworkId: settings.frameworkId, settings };
    }
    case 'entry':
      if (typeof collection !== 'string' || typeof key !== 'string') return null;
      return { kind, collection, key };
    case 'everything':
      return { kind };
    default:
      return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
