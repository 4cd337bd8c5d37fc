/**
 * HAProxy as a plain child process: checked, started, steered through its runtime API, stopped.
 *
 *   Haproxy.start(launcher, settings)
 *     1. a temp folder; the config written there (haproxy-config.ts)
 *     2. `haproxy -c -f DIR/haproxy.cfg`: a config HAProxy refuses is an error whose message is
 *        HAProxy's own output, word for word
 *     3. `haproxy -db -f DIR/haproxy.cfg`: -db keeps it in the foreground (no daemon, no
 *        master process), one process with threads, owned by the launcher like nginx
 *     4. wait until its runtime API answers and every host it checks is UP: then it serves
 *   haproxy.setState('h1', 'drain' | 'ready' | 'maint')   the runtime API, no reload
 *   haproxy.stop()   SIGUSR1: a soft stop (held connections get `hard-stop-after`), then the
 *                    temp folder is removed
 *
 * Why -db and not -W (master-worker): a deploy here changes servers through the runtime API,
 * never the config, so there is nothing to reload and one process is simpler to follow. Like
 * nginx it is started under a parent-death signal (parent-death.ts): SIGKILL whoever started
 * it and the kernel sends it SIGTERM, HAProxy's immediate stop.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram } from '@cluster-from-scratch/kit/find-program';
import type { ManagedChild } from '@cluster-from-scratch/kit/harness';
import { runMarker } from '@cluster-from-scratch/kit/leaks';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { freePort } from './free-port.ts';
import {
  HAPROXY_BACKEND,
  HAPROXY_DEFAULTS,
  type HaproxySettings,
  renderHaproxyConfig,
} from './haproxy-config.ts';
import {
  RuntimeApiError,
  type ServerState,
  type ServerStats,
  serverStats,
  setServerState,
} from './haproxy-runtime.ts';
import type { Launcher } from './launcher.ts';
import { endingWithParent } from './parent-death.ts';

export const HAPROXY_INSTALL_HINT =
  'haproxy is not installed: apt-get install haproxy (Debian, Ubuntu) or brew install haproxy (macOS), then run this again';

/** Where haproxy is: $CFS_HAPROXY if set, else the PATH, else the sbin and Homebrew folders. */
export function findHaproxy(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findProgram('haproxy', env);
}

/** HAProxy refused the config, or stopped at start; `message` is what it printed. */
export class HaproxyConfigError extends Error {
  override name = 'HaproxyConfigError';
}

export class HaproxyMissingError extends Error {
  override name = 'HaproxyMissingError';
  constructor() {
    super(HAPROXY_INSTALL_HINT);
  }
}

export type HaproxyFrontSettings = Omit<HaproxySettings, 'dir' | 'listen'> & {
  listenHost?: string;
};

export class Haproxy {
  private constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    readonly process: ManagedChild,
    readonly settings: HaproxySettings,
  ) {}

  /** The one HAProxy process (its threads serve; there are no worker processes). */
  get pid(): number {
    return this.process.pid;
  }

  get confPath(): string {
    return join(this.dir, 'haproxy.cfg');
  }

  get socketPath(): string {
    return join(this.dir, 'admin.sock');
  }

  get config(): string {
    return renderHaproxyConfig(this.settings);
  }

  static async start(launcher: Launcher, front: HaproxyFrontSettings): Promise<Haproxy> {
    const bin = findHaproxy();
    if (!bin) throw new HaproxyMissingError();
    // Under `npm test` the folder's name carries the run's marker, as nginx's does.
    const runId = process.env.CFS_RUN_ID;
    const dir = mkdtempSync(join(tmpdir(), `cfs07-haproxy-${runId ? `${runMarker(runId)}-` : ''}`));
    const { listenHost = '127.0.0.1', ...rest } = front;
    // The port is free when we ask and HAProxy binds it a moment later; if another program
    // took it in between, HAProxy says it cannot bind and exits, and we ask again.
    for (let attempt = 1; ; attempt++) {
      const settings: HaproxySettings = {
        ...rest,
        dir,
        listen: { host: listenHost, port: await freePort(listenHost) },
      };
      const confPath = join(dir, 'haproxy.cfg');
      try {
        writeFileSync(confPath, renderHaproxyConfig(settings));
        await checkHaproxyConfig(launcher, bin, confPath);
      } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      const [command, args] = endingWithParent(bin, ['-db', '-f', confPath]);
      const child = launcher.startCommand(command, args, { name: 'haproxy' });
      const haproxy = new Haproxy(bin, dir, settings.listen.port, child, settings);
      try {
        await haproxy.waitUntilServing();
        return haproxy;
      } catch (error) {
        if (child.exitStatus && attempt < 5 && /cannot bind socket/.test(child.stderr)) continue;
        if (!child.exitStatus) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  /** Every server of the backend, as `show stat` sees it now. */
  servers(): Promise<ServerStats[]> {
    return serverStats(this.socketPath);
  }

  /** drain, ready or maint for server `name` (h1, h2 …), without a reload. */
  setState(name: string, state: ServerState): Promise<void> {
    return setServerState(this.socketPath, name, state);
  }

  /** Resolves once `check` holds for server `name` (looked at through the runtime API). */
  async waitForServer(
    name: string,
    check: (server: ServerStats) => boolean,
    what: string,
    timeout?: number,
  ): Promise<ServerStats> {
    return pollUntil(
      async () => {
        const server = (await this.servers()).find((s) => s.name === name);
        if (!server) throw new RuntimeApiError(`HAProxy has no server ${name}`);
        return check(server) && server;
      },
      { what, timeout, intervalMs: 25 },
    );
  }

  /**
   * The next time HAProxy says server `name` went UP or DOWN (its log line on stderr, one per
   * change of state: a check result, or the runtime API). Resolves with the line.
   */
  async serverWent(name: string, state: 'UP' | 'DOWN', timeout?: number): Promise<string> {
    const match = await this.process.waitForLine(
      new RegExp(`^Server ${HAPROXY_BACKEND}/${name} is ${state}\\b.*`),
      { what: `haproxy to say server ${name} is ${state}`, timeout },
    );
    return match[0];
  }

  /** SIGUSR1, HAProxy's soft stop. Then the temp folder goes. */
  async stop(): Promise<void> {
    if (!this.process.exitStatus) {
      this.process.kill('SIGUSR1');
      await this.process.waitForExit({ what: 'haproxy to stop after SIGUSR1' });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * HAProxy prints no "ready" line in the foreground; what says it serves is its runtime API
   * answering (the socket is made after the listeners are bound) with every checked host UP.
   * If it exits first, its own words are the error.
   */
  private async waitUntilServing(): Promise<void> {
    const checks = this.settings.checks ?? HAPROXY_DEFAULTS.checks;
    await pollUntil(
      async () => {
        if (this.process.exitStatus) {
          throw new HaproxyConfigError(this.process.stderr.trim() || 'haproxy exited at start');
        }
        const servers = await this.servers().catch(() => undefined);
        if (!servers) return false;
        return !checks || servers.every((s) => s.status === 'UP');
      },
      { what: `haproxy to answer on ${this.socketPath} with every host UP`, intervalMs: 25 },
    );
  }
}

/** `haproxy -c`: throws HaproxyConfigError with HAProxy's own words when it refuses the config. */
export async function checkHaproxyConfig(
  launcher: Launcher,
  bin: string,
  confPath: string,
): Promise<void> {
  const check = launcher.startCommand(bin, ['-c', '-f', confPath], { name: 'haproxy -c' });
  const status = await check.waitForExit({ what: 'haproxy -c' });
  if (status.code !== 0) {
    throw new HaproxyConfigError(`${check.stdout}${check.stderr}`.trim());
  }
}
