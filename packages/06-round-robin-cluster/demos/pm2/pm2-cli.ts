/**
 * PM2 7 driven from a program, the way a person types it, on node:cluster or on the clone.
 *
 *   new Pm2(harness, 'clone')        a PM2_HOME of its own in a temp folder
 *     .start(app, 2)                 pm2 start app -i 2 --name app   (starts the daemon)
 *     .list() / .daemonPid()         pm2 jlist / PM2_HOME/pm2.pid
 *     .reload() .scale(3) .kill()    pm2 reload app / pm2 scale app 3 / pm2 kill
 *     .dispose()                     SIGKILL whatever still carries this PM2_HOME; rm -r PM2_HOME
 *
 *   this process ──harness──▶ pm2 CLI (node bin/pm2 …) ──spawn, detached──▶ PM2 v7: God Daemon
 *                                                                           │ cluster.fork()
 *                                                                           ▼
 *                                                      workers (ProcessContainer.js → app.cjs)
 *
 * 'clone' puts the register entry in NODE_OPTIONS: the CLI passes its environment to the daemon
 * it spawns, and cluster.fork() passes the daemon's to every worker, so `require('cluster')`
 * gives the clone in all of them and PM2 itself is not changed.
 *
 * The daemon leaves the caller's process group (PM2 spawns it detached), so killing the group
 * does not end it. It still carries the harness's CFS_HARNESS_ID and this PM2_HOME in its
 * environment: dispose() finds it, and its workers, by PM2_HOME, whatever happened before.
 * disposeAll() does it for every Pm2 not yet disposed (a demo calls it on Ctrl-C).
 *
 * The app is started with `--listen-timeout 30000`. PM2's default is 3 s: a reload kills the old
 * worker when the new one listens *or* 3 s have passed, listening or not. A worker on the clone
 * starts slower (it loads the clone's TypeScript through tsx), and on a busy machine that can
 * pass 3 s; then PM2 stops every old worker before a new one listens, the primary closes the
 * port, and clients are refused — on node:cluster too, with a shorter timeout
 * (PM2_GRACEFUL_LISTEN_TIMEOUT=1). The longer timeout measures what a reload itself costs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { isAlive, processesCarrying } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';

export type Impl = 'node' | 'clone';

/** How a reader puts a whole process tree on the clone (see register/index.cjs). */
export const REGISTER = '@cluster-from-scratch/06-round-robin-cluster/register';
/** The stage's folder: the register entry resolves by its package name from here. */
export const packageDir = fileURLToPath(new URL('../..', import.meta.url));
/** The program PM2 runs in every demo, test and measurement of this stage. */
export const pm2App = fileURLToPath(new URL('./app.cjs', import.meta.url));

/** bin/pm2 of the installed PM2, or one line saying it is missing. */
export function pm2Bin(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('pm2/package.json');
    return join(dirname(manifest), 'bin', 'pm2');
  } catch {
    throw new Error('pm2 is not installed (a devDependency of stage 06): run npm ci');
  }
}

/** One row of `pm2 jlist`, the fields we read. */
export interface Pm2Process {
  id: number;
  name: string;
  pid: number;
  status: string;
}

/** How long a reload waits for a new worker's 'listening' before stopping the old one. */
export const LISTEN_TIMEOUT_MS = 30_000;

const undisposed = new Set<Pm2>();

/** Ends every PM2 started here and not yet disposed (for a demo's Ctrl-C). */
export async function disposeAll(): Promise<void> {
  await Promise.all([...undisposed].map((pm2) => pm2.dispose()));
}

/**
 * Ctrl-C (or the tour's SIGTERM) in a demo: PM2's daemon is not in the demo's process group,
 * so it is ended by pid here, with everything `harness` started, before the demo exits.
 */
export function endPm2OnSignals(harness: ProcessHarness): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void disposeAll()
        .then(() => harness.stopAll())
        .finally(() => process.exit(130));
    });
  }
}

export class Pm2 {
  readonly home = mkdtempSync(join(tmpdir(), 'cfs-pm2-'));
  private readonly bin = pm2Bin();

  constructor(
    private readonly harness: ProcessHarness,
    readonly impl: Impl,
    readonly name = 'app',
  ) {
    undisposed.add(this);
  }

  /** The environment of the CLI, hence of the daemon it spawns and of every worker. */
  env(): Record<string, string> {
    const inherited = process.env.NODE_OPTIONS ?? '';
    return {
      PM2_HOME: this.home,
      // no offer to link to PM2's cloud, no agent
      PM2_NO_INTERACTION: 'true',
      NODE_OPTIONS: this.impl === 'clone' ? `${inherited} --require ${REGISTER}`.trim() : inherited,
    };
  }

  /** Runs `pm2 <args>` with this Node (the tested line runs PM2) and returns its stdout. */
  async cli(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
    const child = this.harness.startCommand(process.execPath, [this.bin, ...args], {
      cwd: packageDir,
      env: { ...this.env(), ...extraEnv },
      name: `pm2 ${args.join(' ')}`,
    });
    const status = await child.waitForExit({ what: `pm2 ${args[0]} to finish`, timeout: 90_000 });
    if (status.code !== 0) {
      throw new Error(`pm2 ${args.join(' ')} failed (${JSON.stringify(status)})\n${child.tail()}`);
    }
    return child.stdout;
  }

  start(app = pm2App, instances = 2, env: Record<string, string> = {}): Promise<string> {
    const args = ['start', app, '-i', String(instances), '--name', this.name];
    return this.cli([...args, '--listen-timeout', String(LISTEN_TIMEOUT_MS)], env);
  }

  reload(): Promise<string> {
    return this.cli(['reload', this.name]);
  }

  scale(instances: number): Promise<string> {
    return this.cli(['scale', this.name, String(instances)]);
  }

  kill(): Promise<string> {
    return this.cli(['kill']);
  }

  async list(): Promise<Pm2Process[]> {
    const out = await this.cli(['jlist']);
    const json = out.slice(out.indexOf('['));
    const rows = JSON.parse(json) as {
      pm_id: number;
      name: string;
      pid: number;
      pm2_env: { status: string };
    }[];
    return rows.map((r) => ({ id: r.pm_id, name: r.name, pid: r.pid, status: r.pm2_env.status }));
  }

  /** Pids of the workers PM2 says are online. */
  async onlinePids(): Promise<number[]> {
    return (await this.list()).filter((p) => p.status === 'online').map((p) => p.pid);
  }

  daemonPid(): number {
    return Number(readFileSync(join(this.home, 'pm2.pid'), 'utf8'));
  }

  /** What the daemon printed (its stderr carries the clone's NODE_DEBUG trace). */
  daemonLog(): string {
    return readFileSync(join(this.home, 'pm2.log'), 'utf8');
  }

  /** The port app.cjs printed, read from the workers' log files where PM2 writes it. */
  port(): Promise<number> {
    const logs = join(this.home, 'logs');
    return pollUntil(
      () => {
        for (const file of readdirSync(logs).filter((f) => f.includes('-out'))) {
          const match = /listening on port (\d+)/.exec(readFileSync(join(logs, file), 'utf8'));
          if (match) return Number(match[1]);
        }
        return undefined;
      },
      { what: `a PM2 worker to print its port in ${logs}`, timeout: 30_000 },
    );
  }

  /** Every live process started under this PM2_HOME: the daemon and its workers. */
  processes(): number[] {
    return processesCarrying('PM2_HOME', this.home).map((row) => row.pid);
  }

  /** Ends what is left (also after a failed test), then removes PM2_HOME. */
  async dispose(): Promise<void> {
    undisposed.delete(this);
    const left = this.processes();
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await pollUntil(() => left.every((pid) => !isAlive(pid)), {
      what: `PM2's processes under ${this.home} to be gone`,
    });
    rmSync(this.home, { recursive: true, force: true });
  }
}
