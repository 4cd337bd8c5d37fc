/**
 * node-lines: which Node release line does what.
 *
 * What goes in: the name of a behaviour that changed between Node releases, and a version
 * (this process's by default). What comes out: whether that version has it, and a sentence
 * naming the first release of each line that does — for a test's expectation, a demo's
 * narration and the docs' "since" column alike, so the three never disagree.
 *
 *   behaviour                  20.x  22.x       23.x       24.x       25.x      26.x
 *   reusePort                  no    ≥ 22.12.0  ≥ 23.1.0   yes        yes       yes
 *   maxConnectionsZeroCounts   no    yes        yes        yes        yes       yes (21.0.0)
 *   dropMaxConnection          no    ≥ 22.12.0  ≥ 23.1.0   yes        yes       yes
 *   fixedPortKeyWithoutIndex   no    ≥ 22.22.1  no         ≥ 24.13.1  ≥ 25.5.0  yes
 *   noneRelistenBug            no    ≥ 22.22.1  no         ≥ 24.13.1  ≥ 25.5.0  yes
 *   transferTcpHandle          no    no         no         ≥ 24.22.3* no        ≥ 26.6.0*
 *
 * A behaviour starts on one release per line (fixes are backported line by line), so each
 * entry lists the first release on every line that got it; a major newer than all of them has
 * it from its first release, a line in between that was never backported does not.
 * The boundaries were found by reading each release's own lib/ (node -p
 * "process.binding('natives').net") and confirmed by running the fixture on both sides.
 * (*) transferTcpHandle: 24.22.3 and 26.12.1 have it, 20.20.2 and 22.23.5 do not (stage 08's
 * wall test); v26.6.0's source carries the change. Earlier 24.x and 26.x were not run, so
 * those two boundaries are "no later than".
 */
import { inLanguage, type Language } from './language.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

export interface NodeChange {
  /** One sentence for a reader: what a version that has it does. */
  what: string;
  /** The first release of each line that has it, oldest line first. */
  since: readonly string[];
  /** Where to read more (an upstream issue or pull request). */
  upstream?: string;
}

export const nodeChanges = {
  reusePort: {
    what: 'net.Server#listen({ reusePort: true }) sets SO_REUSEPORT, so independent sockets can listen on one port (and every queryServer message carries `flags`)',
    since: ['22.12.0', '23.1.0'],
    upstream: 'nodejs/node#55408',
  },
  maxConnectionsZeroCounts: {
    what: 'a cluster worker checks server.maxConnections whenever it is set, so maxConnections 0 declines every connection (Node 20 treated 0 as no limit)',
    since: ['21.0.0'],
  },
  dropMaxConnection: {
    what: 'a server with dropMaxConnection: true takes a connection at maxConnections and lets net drop it, instead of the worker declining it',
    since: ['22.12.0', '23.1.0'],
  },
  fixedPortKeyWithoutIndex: {
    what: "node:cluster's primary keys the handle of a fixed port by address:port:addressType:fd only, without the worker's listen index (port 0 keeps it)",
    since: ['22.22.1', '24.13.1', '25.5.0'],
    upstream: 'nodejs/node#60141',
  },
  noneRelistenBug: {
    what: 'node:cluster under SCHED_NONE: a worker whose listen(port) failed with EADDRINUSE and that listens on that port again dies with ERR_INTERNAL_ASSERTION (a consequence of the key above)',
    since: ['22.22.1', '24.13.1', '25.5.0'],
    upstream: 'nodejs/node#64869, fix nodejs/node#65020 (not released)',
  },
  transferTcpHandle: {
    what: 'a listening net.Server (or a fresh net.Socket) listed in the transferList of a worker_threads postMessage() moves to the receiving thread, which goes on accepting on it (Unix)',
    since: ['24.22.3', '26.6.0'],
    upstream: 'nodejs/node#64225',
  },
} as const satisfies Record<string, NodeChange>;

export type NodeChangeName = keyof typeof nodeChanges;

type Version = [major: number, minor: number, patch: number];

export function parseVersion(version: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a Node version: ${JSON.stringify(version)}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Does `version` (default: this process's) have the behaviour? */
export function nodeHas(name: NodeChangeName, version: string = process.versions.node): boolean {
  const v = parseVersion(version);
  const firsts = nodeChanges[name].since.map(parseVersion);
  const sameLine = firsts.find((first) => first[0] === v[0]);
  if (sameLine) return compare(v, sameLine) >= 0;
  // A line without its own entry has it only if it is newer than every listed line: the change
  // was in main by then. A line in between (23.x for a fix backported to 22 and 24) never got it.
  return firsts.every((first) => first[0] < v[0]);
}

/** "22.12.0 on 22.x, 23.1.0 on later lines": for narration and docs. */
export function nodeSince(name: NodeChangeName, lang: Language = 'en'): string {
  const words = inLanguage({ en, zh }, lang).nodeSince;
  const firsts = nodeChanges[name].since;
  return firsts
    .map((first, i) => {
      const major = parseVersion(first)[0] as number;
      return i === firsts.length - 1
        ? words.onLineAndLater(first, major)
        : words.onLine(first, major);
    })
    .join(words.separator);
}

/** This process's version, with a v, as the docs and narration print it. */
export const thisNode = `v${process.versions.node}`;
