/**
 * The wall: a listening socket (or an accepted one) posted to a worker thread. Node 20 and 22
 * refuse every attempt; the 24.x and 26.x releases of kit/src/node-lines.ts's
 * transferTcpHandle move a server listed in the transferList, and only that.
 */

import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import type { WallOutcome } from '../src/wall.ts';

const harness = useHarness();
const major = Number(process.versions.node.split('.')[0]);

async function wall(): Promise<Record<string, WallOutcome>> {
  const child = harness.start(new URL('./fixtures/wall.ts', import.meta.url));
  const { outcomes } = await child.waitForMessage<{ outcomes: WallOutcome[] }>(
    (m) => typeof m === 'object' && m !== null && 'outcomes' in m,
    { what: 'the wall fixture to report its outcomes' },
  );
  return Object.fromEntries(outcomes.map((o) => [o.attempt, o]));
}

describe('the wall: a handle posted to a worker thread', () => {
  it(`without a transferList, a server, its _handle and an accepted socket are refused with a DataCloneError (${process.version})`, async () => {
    const o = await wall();
    for (const attempt of ['server', 'handle', 'socket'] as const) {
      expect(o[attempt]?.ok, attempt).toBe(false);
      expect(o[attempt]?.error?.name, attempt).toBe('DataCloneError');
      expect(o[attempt]?.error?.code, attempt).toBe(25); // DOMException DATA_CLONE_ERR
    }
    // The message names what V8 saw: a host object it cannot clone (20, 22), or, once net
    // handles became transferable, one that "needs transfer" (24.x, 26.x with the change).
    const expected = nodeHas('transferTcpHandle')
      ? /needs transfer was found in message but not listed in transferList/
      : major === 20
        ? /Cannot transfer object of unsupported type/
        : /Cannot clone object of unsupported type/;
    expect(o.server?.error?.message).toMatch(expected);
    expect(o.handle?.error?.message).toMatch(expected);
  });

  it(`with the server in the transferList: ${nodeHas('transferTcpHandle') ? 'it moves, the thread accepts, the sender stops listening' : 'refused too'} (${process.version})`, async () => {
    const o = (await wall())['server-transferred'];
    if (nodeHas('transferTcpHandle')) {
      expect(o).toMatchObject({ ok: true, threadAccepted: true, senderStillListening: false });
    } else if (major === 20) {
      expect(o?.error).toEqual({
        name: 'TypeError',
        code: 'ERR_INVALID_TRANSFER_OBJECT',
        message: 'Found invalid object in transferList',
      });
    } else {
      expect(o?.error).toEqual({
        name: 'DataCloneError',
        code: 25,
        message: 'Found invalid value in transferList.',
      });
    }
  });
});
