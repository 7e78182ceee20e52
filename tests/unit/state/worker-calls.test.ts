import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerCalls } from '../../../src/lib/state/worker-calls.ts';

/** A worker that keeps what it is sent; the test answers or fails it. */
class FakeWorker extends EventTarget {
  readonly sent: { message: { id: number; text: string }; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(message: { id: number; text: string }, transfer: Transferable[]) {
    this.sent.push({ message, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  answer(id: number, result: string) {
    this.dispatchEvent(new MessageEvent('message', { data: { id, result } }));
  }
}

const stopped = (request: { text: string }) => `stopped: ${request.text}`;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('WorkerCalls', () => {
  it('answers each request with the worker’s answer to it, whatever the order', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker();
    const start = vi.fn(() => worker as unknown as Worker);
    const calls = new WorkerCalls<{ text: string }, string>(start, stopped);
    const first = calls.call({ text: 'a' });
    const buffer = new ArrayBuffer(4);
    const second = calls.call({ text: 'b' }, [buffer]);
    expect(start).toHaveBeenCalledTimes(1);
    expect(worker.sent.map((sent) => sent.message)).toEqual([
      { text: 'a', id: 0 },
      { text: 'b', id: 1 },
    ]);
    expect(worker.sent[1]!.transfer).toEqual([buffer]);
    worker.answer(1, 'B');
    worker.answer(0, 'A');
    expect(await Promise.all([first, second])).toEqual(['A', 'B']);
  });

  it('gives the stopped answer to what was waiting when the worker fails, and never rejects', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker();
    const calls = new WorkerCalls<{ text: string }, string>(
      () => worker as unknown as Worker,
      stopped,
    );
    const waiting = calls.call({ text: 'big.zip' });
    worker.dispatchEvent(new Event('error'));
    expect(await waiting).toBe('stopped: big.zip');
  });

  it('starts another worker for the next request once one has failed', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const started: FakeWorker[] = [];
    const calls = new WorkerCalls<{ text: string }, string>(() => {
      started.push(new FakeWorker());
      return started.at(-1) as unknown as Worker;
    }, stopped);
    const first = calls.call({ text: 'a' });
    started[0]!.dispatchEvent(new Event('error'));
    expect(await first).toBe('stopped: a');
    expect(started[0]!.terminated).toBe(true);
    const second = calls.call({ text: 'b' });
    expect(started).toHaveLength(2);
    started[1]!.answer(started[1]!.sent[0]!.message.id, 'B');
    expect(await second).toBe('B');
  });

  it('leaves the work to the caller (null) without workers, or when none can start', () => {
    vi.stubGlobal('Worker', undefined);
    const start = vi.fn(() => new FakeWorker() as unknown as Worker);
    expect(new WorkerCalls(start, stopped).call({ text: 'a' })).toBeNull();
    expect(start).not.toHaveBeenCalled();

    vi.stubGlobal('Worker', FakeWorker);
    const refusing = new WorkerCalls<{ text: string }, string>(() => {
      throw new DOMException('refused by the policy', 'SecurityError');
    }, stopped);
    expect(refusing.call({ text: 'a' })).toBeNull();
    expect(refusing.call({ text: 'b' })).toBeNull();
  });
});
