/**
 * nginx as a plain child process: started, reloaded and stopped from code.
 *
 *   Nginx.start(launcher, settings)
 *     1. a temp folder for pid, logs and temp files; the config written there (nginx-config.ts)
 *     2. `nginx -t`: a config nginx refuses is an error whose message is nginx's own output
 *     3. `nginx -e stderr -p DIR/ -c DIR/nginx.conf` in the foreground (`daemon off;`), so the
 *        launcher (the test harness, or serve.ts's family) owns it and its leak check sees it
 *     4. wait for its "start worker process <pid>" lines: then it accepts
 *   nginx.reload(changes)  →  new config, `nginx -s reload` (SIGHUP to the master): new workers
 *                             start with it, the old ones finish what they hold and exit
 *   nginx.stop()           →  SIGQUIT: a graceful stop, then the temp folder is removed
 *
 * No root needed: nothing is written outside the temp folder, and the ports are unprivileged.
 * `-e stderr` sends even the errors nginx meets before it has read the config to us, instead
 * of to /var/log/nginx/error.log, which an ordinary user cannot open.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram } from '@cluster-from-scratch/kit/find-program';
import type { ManagedChild } from '@cluster-from-scratch/kit/harness';
import { runMarker } from '@cluster-from-scratch/kit/leaks';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { freePort } from './free-port.ts';
import type { Launcher } from './launcher.ts';
import { NGINX_DEFAULTS, type NginxSettings, renderNginxConfig } from './nginx-config.ts';
import { endingWithParent } from './parent-death.ts';

export const NGINX_INSTALL_HINT =
  'nginx is not installed: apt-get install nginx (Debian, Ubuntu) or brew install nginx (macOS), then run this again';

/**
 * Where nginx is: $CFS_NGINX if set (and only there), else the PATH, else the sbin and
 * Homebrew folders a plain user's PATH may lack. Undefined when there is none to run. The mode
 * catalogue asks the same function, so the lab and the bench agree with this stage.
 */
export function findNginx(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findProgram('nginx', env);
}

/** nginx refused the config; `message` is what nginx printed, word for word. */
export class NginxConfigError extends Error {
  override name = 'NginxConfigError';
}

export class NginxMissingError extends Error {
  override name = 'NginxMissingError';
  constructor() {
    super(NGINX_INSTALL_HINT);
  }
}

export type FrontSettings = Omit<NginxSettings, 'dir' | 'listen'> & { listenHost?: string };

export class Nginx {
  /** Worker pids of the current configuration. */
  workerPids: number[] = [];

  private constructor(
    private readonly launcher: Launcher,
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    readonly master: ManagedChild,
    public settings: NginxSettings,
  ) {}

  get confPath(): string {
    return join(this.dir, 'nginx.conf');
  }

  /** The configuration text nginx runs with now. */
  get config(): string {
    return renderNginxConfig(this.settings);
  }

  static async start(launcher: Launcher, front: FrontSettings): Promise<Nginx> {
    const bin = findNginx();
    if (!bin) throw new NginxMissingError();
    // Under `npm test` the folder's name carries the run's marker: nginx writes its ps title
    // over its environment, and this name, in its command line, is how the leak check finds it.
    const runId = process.env.CFS_RUN_ID;
    const dir = mkdtempSync(join(tmpdir(), `cfs07-nginx-${runId ? `${runMarker(runId)}-` : ''}`));
    const { listenHost = '127.0.0.1', ...rest } = front;
    // The port is free when we ask and nginx binds it a moment later; if another program took
    // it in between, nginx says "Address already in use" and exits, and we ask again.
    for (let attempt = 1; ; attempt++) {
      const settings: NginxSettings = {
        ...rest,
        dir,
        listen: { host: listenHost, port: await freePort(listenHost) },
      };
      try {
        writeFileSync(join(dir, 'nginx.conf'), renderNginxConfig(settings));
        await checkConfig(launcher, bin, dir);
      } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      // Started so that the kernel ends it if this process dies without stopping it.
      const [command, args] = endingWithParent(bin, nginxArgs(dir));
      const master = launcher.startCommand(command, args, { name: 'nginx master' });
      const nginx = new Nginx(launcher, bin, dir, settings.listen.port, master, settings);
      try {
        nginx.workerPids = await nginx.waitForWorkers('to start');
        return nginx;
      } catch (error) {
        if (attempt < 5 && /Address already in use/.test(master.stderr)) continue;
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  /** The master's pid (the one to send signals to; nginx.pid in the temp folder says the same). */
  get masterPid(): number {
    return this.master.pid;
  }

  /**
   * A new configuration, taken without dropping a connection: `nginx -s reload` makes the
   * master read the file again, start new workers with it and tell the old ones to finish
   * what they hold and exit. Resolves once the new workers run (and, with `waitOldGone`,
   * once the old ones have exited: from then on no request can use the old upstream list).
   */
  async reload(
    changes: Partial<Omit<NginxSettings, 'dir' | 'listen'>>,
    options: { waitOldGone?: boolean } = {},
  ): Promise<{ old: number[]; new: number[] }> {
    const next = { ...this.settings, ...changes };
    writeFileSync(this.confPath, renderNginxConfig(next));
    await checkConfig(this.launcher, this.bin, this.dir);
    const signal = this.launcher.startCommand(this.bin, ['-s', 'reload', ...nginxArgs(this.dir)], {
      name: 'nginx -s reload',
    });
    const status = await signal.waitForExit({ what: 'nginx -s reload' });
    if (status.code !== 0) throw new NginxConfigError(signal.stderr.trim() || signal.stdout.trim());
    await this.master.waitForLine(/reconfiguring/, { what: 'nginx to start reconfiguring' });
    const old = this.workerPids;
    this.settings = next;
    this.workerPids = await this.waitForWorkers('to start after the reload');
    if (options.waitOldGone) {
      await pollUntil(() => old.every((pid) => !isAlive(pid)), {
        what: `the old nginx workers ${old.join(', ')} to exit after the reload`,
      });
    }
    return { old, new: this.workerPids };
  }

  /** SIGQUIT: nginx's graceful stop. Then the temp folder goes. */
  async stop(): Promise<void> {
    if (!this.master.exitStatus) {
      this.master.kill('SIGQUIT');
      await this.master.waitForExit({ what: 'nginx to stop after SIGQUIT' });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitForWorkers(when: string): Promise<number[]> {
    const count = this.settings.workerProcesses ?? NGINX_DEFAULTS.workerProcesses;
    const pids: number[] = [];
    while (pids.length < count) {
      const match = await this.master.waitForLine(/start worker process (\d+)/, {
        what: `nginx worker ${pids.length + 1} of ${count} ${when}`,
      });
      pids.push(Number(match[1]));
    }
    return pids;
  }
}

function nginxArgs(dir: string): string[] {
  // -p: the prefix relative paths resolve against (a trailing slash, as nginx wants);
  // -e: the error log before the config is read.
  return ['-e', 'stderr', '-p', `${dir}/`, '-c', join(dir, 'nginx.conf')];
}

/** `nginx -t`: throws NginxConfigError with nginx's own words when it refuses the config. */
export async function checkConfig(launcher: Launcher, bin: string, dir: string): Promise<void> {
  const test = launcher.startCommand(bin, ['-t', ...nginxArgs(dir)], { name: 'nginx -t' });
  const status = await test.waitForExit({ what: 'nginx -t' });
  if (status.code !== 0) throw new NginxConfigError(test.stderr.trim() || test.stdout.trim());
}
