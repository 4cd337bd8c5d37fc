/**
 * The clone as a drop-in: the hello-world cluster app (demos/hello-world.*) runs on it with
 * only the import changed — as TypeScript under the tsx command and as a plain .mjs under
 * `node --import tsx`. Each run: two workers on one port, both serve, and when the primary is
 * stopped the workers go too.
 */
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ManagedChild } from '@cluster-from-scratch/kit/harness';
import { freshConnectionRequest } from '@cluster-from-scratch/kit/http-load';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { noneAlive } from './differential.ts';

const harness = useHarness();
const demo = (file: string) => fileURLToPath(new URL(`../demos/${file}`, import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const env = { PORT: '0', WORKERS: '2' };

/** GET / on a connection of its own (agent: false), resolving with the body. */
function getBody(port: number): Promise<string> {
  return withTimeout(
    new Promise((resolve, reject) => {
      get({ port, host: '127.0.0.1', agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve(body));
      }).on('error', reject);
    }),
    'an answer from the hello-world app',
  );
}

async function check(app: ManagedChild): Promise<void> {
  const a = await app.waitForLine(/^worker (\d+) listening on port (\d+)$/, { timeout: 30_000 });
  const b = await app.waitForLine(/^worker (\d+) listening on port (\d+)$/, { timeout: 30_000 });
  const workerPids = [Number(a[1]), Number(b[1])];
  const port = Number(a[2]);
  expect(Number(b[2])).toBe(port); // both on one port
  const bodies = new Set<string>();
  for (let i = 0; i < 4; i++) bodies.add(await getBody(port));
  expect(bodies).toEqual(new Set(workerPids.map((pid) => `hello world from ${pid}\n`)));
  expect((await freshConnectionRequest(port)).status).toBe(200);
  app.kill('SIGTERM'); // the app has no handler: the primary just dies
  await app.waitForExit();
  await noneAlive(workerPids, 'the workers of the stopped app');
}

describe('the hello-world app with the clone imported', () => {
  it('runs as TypeScript under the tsx command', async () => {
    const app = harness.startCommand(process.execPath, [tsxCli, demo('hello-world.ts')], { env });
    await check(app);
  });

  it('runs as a plain .mjs under node --import tsx', async () => {
    const app = harness.start(demo('hello-world.mjs'), { env, ipc: false });
    await check(app);
  });
});
