/**
 * The seven stages, in order. The tour, the workshop and the docs checks read this list.
 * A stage counts as built when its main demo exists.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

export interface Stage {
  number: number;
  slug: string;
  title: string;
  goal: string;
}

export const stages: Stage[] = [
  {
    number: 1,
    slug: '01-spawn-exec',
    title: 'spawn, exec, execFile, fork',
    goal: 'every way to start a child reduces to spawn; we rebuild exec, execFile and fork on it',
  },
  {
    number: 2,
    slug: '02-fork-ipc',
    title: 'fork and the IPC channel',
    goal: 'the channel is a Unix domain socket; we build request/response on top of it',
  },
  {
    number: 3,
    slug: '03-proxy-ports',
    title: 'one port, proxied to many',
    goal: 'two listeners on one port fail; a proxying primary works and costs two fds a connection',
  },
  {
    number: 4,
    slug: '04-handle-passing',
    title: 'handle passing',
    goal: 'send the listening socket, not the traffic: one socket, many acceptors, a thundering herd',
  },
  {
    number: 5,
    slug: '05-auto-restart',
    title: 'auto-restart',
    goal: 'a supervisor that replaces dead workers, gives up on crash loops and leaves no orphans',
  },
  {
    number: 6,
    slug: '06-round-robin-cluster',
    title: 'a clone of node:cluster',
    goal: 'the same API and events as node:cluster, with round-robin and shared-handle scheduling',
  },
  {
    number: 7,
    slug: '07-beyond-one-machine',
    title: 'beyond one machine',
    goal: 'a real nginx in front of several hosts, each a cluster: two levels of balancing, keep-alive, failures, rolling deploys',
  },
];

export function stageDir(stage: Stage): string {
  return join(repoRoot, 'packages', stage.slug);
}

export function stageDemo(stage: Stage): string {
  return join(stageDir(stage), 'demos', 'main.ts');
}

export function isBuilt(stage: Stage): boolean {
  return existsSync(stageDemo(stage));
}

/** Accepts 1, 01, 01-spawn-exec, spawn-exec. */
export function findStage(name: string): Stage | undefined {
  const wanted = name.trim().toLowerCase();
  return stages.find(
    (s) =>
      String(s.number) === wanted ||
      s.slug.slice(0, 2) === wanted ||
      s.slug === wanted ||
      s.slug.slice(3) === wanted,
  );
}

export function validStageNames(): string {
  return stages
    .map((s) => `${s.number} | ${s.slug.slice(0, 2)} | ${s.slug} | ${s.slug.slice(3)}`)
    .join('\n  ');
}
