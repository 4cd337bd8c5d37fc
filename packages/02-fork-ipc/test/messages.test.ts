/**
 * Messages both ways, in order, with both serializations; what survives each; and how Node
 * sorts internal messages from user messages.
 */
import { readFileSync } from 'node:fs';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { type Fate, type Mode, tableCells, tableIn } from '../src/serialization.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const README = new URL('../README.md', import.meta.url);
const has = (key: string) => (m: unknown) => typeof m === 'object' && m !== null && key in m;

describe('messages between parent and child', () => {
  const harness = useHarness();

  for (const serialization of ['json', 'advanced'] as const) {
    it(`a1-17 / a4-03: messages flow both ways and arrive in order (serialization '${serialization}')`, async () => {
      const child = harness.start(fixture('peer.ts'), { serialization });
      await child.waitForMessage(has('ready'), { what: 'ready' });
      const total = 300;
      for (let n = 0; n < total; n++) child.send({ n });
      child.send({ do: 'count', total });
      // Wait for the last of each, then read the whole log in arrival order. (One wait per
      // message would also work in principle, but the kit's waitForMessage can take two
      // matching messages from one burst and lose track of the second.)
      await child.waitForMessage((m) => (m as { echo?: { n: number } }).echo?.n === total - 1, {
        what: 'the last echo',
      });
      await child.waitForMessage((m) => (m as { counted?: number }).counted === total - 1, {
        what: 'the last counted message',
      });
      const echoes = child.messages
        .filter(has('echo'))
        .map((m) => (m as { echo: { n: number } }).echo.n);
      const counted = child.messages
        .filter(has('counted'))
        .map((m) => (m as { counted: number }).counted);
      const inOrder = Array.from({ length: total }, (_, n) => n);
      expect(echoes).toEqual(inOrder); // parent → child → parent, in order
      expect(counted).toEqual(inOrder); // child → parent, in order
    });
  }

  it("a3-07: the worker sends a string, the master answers 'ok'", async () => {
    const child = harness.start(fixture('peer.ts'));
    await child.waitForMessage(has('ready'), { what: 'ready' });
    child.send({ do: 'say', text: '4242 ready' });
    expect(await child.waitForMessage((m) => typeof m === 'string', { what: 'a string' })).toBe(
      '4242 ready',
    );
    child.send('ok');
    expect(await child.waitForMessage(has('echo'), { what: "the echo of 'ok'" })).toEqual({
      echo: 'ok',
    });
  });

  it("a1-48: a cmd starting with NODE_ goes to 'internalMessage', never to 'message' (the bare prefix does not count)", async () => {
    const child = harness.start(fixture('peer.ts'));
    await child.waitForMessage(has('ready'), { what: 'ready' });
    const internal: unknown[] = [];
    child.process.on('internalMessage', (m: unknown) => internal.push(m));
    child.send({ do: 'internal-probe' });
    await child.waitForMessage(has('probed'), { what: 'the end of the probe' });
    expect(internal).toEqual([{ cmd: 'NODE_CUSTOM', n: 1 }]);
    const seen = child.messages.filter(has('cmd'));
    expect(seen).toEqual([
      { cmd: 'NODE_', n: 2 },
      { cmd: 'node_lower', n: 3 },
    ]);
  });
});

describe('what survives each serialization', () => {
  const harness = useHarness();

  it("a1-19: JSON turns a Map into {}; 'advanced' keeps it — the README table is this measurement", async () => {
    const primary = harness.start(fixture('serialization.ts'));
    const { results, table } = await primary.waitForMessage<{
      results: Record<Mode, Fate[]>;
      table: string;
    }>(has('table'), { what: 'the serialization table', timeout: 30_000 });
    const fate = (mode: Mode, probe: string) => results[mode].find((f) => f.probe === probe);

    expect(fate('json', 'Map')).toEqual({ probe: 'Map', kept: false, shown: '{}' });
    expect(fate('advanced', 'Map')).toMatchObject({ kept: true });
    expect(fate('json', 'BigInt')).toEqual({
      probe: 'BigInt',
      thrown: 'TypeError: Do not know how to serialize a BigInt',
    });
    expect(fate('json', 'cyclic object')).toMatchObject({
      thrown: expect.stringMatching(/circular/),
    });
    expect(fate('advanced', 'cyclic object')).toMatchObject({ kept: true });
    expect(fate('json', 'undefined (property)')).toMatchObject({ kept: false, shown: '{}' });
    expect(fate('advanced', 'function (property)')).toMatchObject({
      thrown: expect.stringMatching(/could not be cloned/),
    });

    const inReadme = tableIn(readFileSync(README, 'utf8'));
    expect(inReadme, 'README.md has no serialization table between the markers').toBeDefined();
    expect(
      tableCells(inReadme ?? ''),
      'README.md table differs from what Node does: npx tsx packages/02-fork-ipc/demos/serialization-table.ts --write',
    ).toEqual(tableCells(table));
  });
});
