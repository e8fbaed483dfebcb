import { describe, expect, it } from 'vitest';
import { startRun } from '../src/jobs/workflow.js';

describe('startRun', () => {
  it('starts a run once per idempotency key', async () => {
    const first = await startRun('key-1', {});
    const second = await startRun('key-1', {});
    expect(second).toEqual(first);
  });

  it('starts different runs for different keys', async () => {
    const a = await startRun('key-a', {});
    const b = await startRun('key-b', {});
    expect(a.id).not.toEqual(b.id);
  });
});
