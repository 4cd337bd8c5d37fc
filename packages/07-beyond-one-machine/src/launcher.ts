/**
 * Who starts the processes of a front: the test's harness, or a family of our own.
 *
 *   tests ──▶ ProcessHarness (kit)   each child in its own process group, the harness's marker
 *   serve.ts, the demo ──▶ Family     the same, but the marker this process inherited is kept
 *
 * Both have the same two methods, so hosts.ts and nginx.ts take either. Why a second kind:
 * a ProcessHarness stamps its own CFS_HARNESS_ID on every child. Inside serve.ts that would
 * hide the grandchildren from the harness (or the tour) that started serve.ts; a Family passes
 * the inherited marker on, so the outer leak check still finds every host and every nginx
 * process, even after serve.ts itself was SIGKILLed.
 *
 * A Family's children stay in this process's group (the harness puts each child in a group of
 * its own). Why: nginx writes its `ps` title over its own environment block, so no nginx
 * process shows the marker in /proc/<pid>/environ; only the process group of whoever started
 * serve.ts still reaches nginx's master and workers.
 */
import { spawn } from 'node:child_process';
import { ManagedChild, nodeScript, type StartOptions } from '@cluster-from-scratch/kit/harness';

/** What hosts.ts and nginx.ts need from whoever starts processes. */
export interface Launcher {
  start(script: string | URL, options?: StartOptions): ManagedChild;
  startCommand(command: string, args?: string[], options?: StartOptions): ManagedChild;
}

export class Family implements Launcher {
  readonly children: ManagedChild[] = [];

  start(script: string | URL, options: StartOptions = {}): ManagedChild {
    const { args, options: withDefaults } = nodeScript(script, options);
    return this.startCommand(process.execPath, args, withDefaults);
  }

  startCommand(command: string, args: string[] = [], options: StartOptions = {}): ManagedChild {
    const stdio = options.stdio ?? 'pipe';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [stdio, stdio, stdio, ...(options.ipc ? (['ipc'] as const) : [])],
      serialization: options.serialization,
    });
    const managed = new ManagedChild(child, options.name ?? command);
    this.children.push(managed);
    return managed;
  }

  /** SIGKILLs every child: the last resort when a graceful stop is not possible. */
  killAll(): void {
    for (const child of this.children) {
      if (child.exitStatus || child.pid === 0) continue;
      child.kill('SIGKILL');
    }
  }
}
