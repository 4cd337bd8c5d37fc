/**
 * The process view from the tools every Unix has, for machines without /proc (a Mac):
 *
 *   ps -A -o pid=,ppid=,pgid=,stat=,command=    every process, its parent, group and state
 *   ps <env flag> -o command=                   the same command line followed by its environment
 *   lsof -nP -a -p <pid> -d 0-999999 -F ftdin   a process's descriptors, one field a line
 *   lsof -nP -iTCP -F pdnT -T qs                every TCP socket: addresses, state, queues
 *   ps -o time=                                 CPU time used
 *
 * It answers the same questions as linux-proc.ts (kit/test/platform.test.ts runs both side by
 * side on Linux, and CFS_PLATFORM=portable makes the whole suite use this one), with three
 * differences a reader may meet:
 *   - lsof lists only sockets some process holds, so a TIME_WAIT socket (held by nobody) is
 *     missing from tcpSockets();
 *   - a socket's identity is lsof's DEVICE: the inode on Linux, a kernel address elsewhere;
 *   - voluntary context switches have no portable source: that view needs Linux.
 * Each call starts a program (a few milliseconds), so callers that scan every process use
 * processTable(), one `ps` for all of them.
 */
import { spawnSync } from 'node:child_process';
import {
  type ProcessRow,
  type ProcessStat,
  type ProcessView,
  TCP_STATES,
  type TcpSocketEntry,
} from './types.ts';

/** Runs a tool and returns what it printed; a missing tool is an error that says what to install. */
function run(tool: string, args: string[]): { stdout: string; status: number | null } {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new Error(
        `${tool} is not installed; the portable process view needs it (Debian/Ubuntu: sudo apt-get install ${tool === 'ps' ? 'procps' : tool})`,
      );
    throw result.error;
  }
  return { stdout: result.stdout, status: result.status };
}

/**
 * The flag that makes ps print the environment after the command: BSD-style `e` for Linux's
 * procps, `-E` on macOS, `-e` on the BSDs.
 */
function environmentFlag(): string {
  if (process.platform === 'darwin') return '-E';
  if (process.platform === 'linux') return 'e';
  return '-e';
}

function parseStatRow(line: string): ProcessRow | undefined {
  const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
  if (!match) return undefined;
  return {
    pid: Number(match[1]),
    ppid: Number(match[2]),
    pgid: Number(match[3]),
    // ps prints extra flags after the state letter (Ss, R+, Z<): the first letter is the state.
    state: (match[4] ?? '?').charAt(0),
    command: match[5] ?? '',
  };
}

const ROW_COLUMNS = 'pid=,ppid=,pgid=,stat=,command=';

function psRows(selection: string[], withEnvironment = false): ProcessRow[] {
  const args = [
    '-ww',
    ...(withEnvironment ? [environmentFlag()] : []),
    ...selection,
    '-o',
    ROW_COLUMNS,
  ];
  return run('ps', args)
    .stdout.split('\n')
    .map(parseStatRow)
    .filter((row): row is ProcessRow => row !== undefined);
}

/**
 * Splits "NAME=value NAME2=a value with spaces" into variables. ps joins them with spaces, so
 * a space inside a value cannot be told from a separator: a word that does not start with
 * NAME= is taken as the rest of the previous value.
 */
export function parseEnvironmentText(text: string): Map<string, string> {
  const env = new Map<string, string>();
  let last: string | undefined;
  for (const word of text.split(' ')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
    if (match) {
      last = match[1] as string;
      env.set(last, match[2] ?? '');
    } else if (last !== undefined && word !== '') {
      env.set(last, `${env.get(last)} ${word}`);
    }
  }
  return env;
}

/** The environment is what `ps e` prints beyond the plain command line. */
function environmentOf(command: string, commandWithEnvironment: string): Map<string, string> {
  if (!commandWithEnvironment.startsWith(command)) return new Map();
  return parseEnvironmentText(commandWithEnvironment.slice(command.length).trim());
}

function processTable(options: { environment?: boolean } = {}): ProcessRow[] {
  const rows = psRows(['-A']);
  if (!options.environment) return rows;
  const withEnvironment = new Map(psRows(['-A'], true).map((row) => [row.pid, row.command]));
  for (const row of rows) {
    row.environment = environmentOf(row.command, withEnvironment.get(row.pid) ?? '');
  }
  return rows;
}

function readStat(pid: number): ProcessStat | undefined {
  const row = psRows(['-p', String(pid)])[0];
  return row && { state: row.state, ppid: row.ppid, pgid: row.pgid };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = readStat(pid)?.state;
  return state !== undefined && state !== 'Z';
}

function readCmdline(pid: number): string {
  return psRows(['-p', String(pid)])[0]?.command ?? '';
}

function readEnviron(pid: number): Map<string, string> {
  const plain = psRows(['-p', String(pid)])[0]?.command ?? '';
  const full = psRows(['-p', String(pid)], true)[0]?.command ?? '';
  return environmentOf(plain, full);
}

function listPids(): number[] {
  return processTable().map((row) => row.pid);
}

/**
 * lsof -F prints one field a line, each starting with its letter: p pid, f fd, t type,
 * d device, i inode, n name, P protocol, T TCP info (ST=LISTEN, QR=0, QS=0).
 */
interface LsofFile {
  pid: number;
  fd: string;
  type: string;
  device: string;
  inode: string;
  name: string;
  protocol: string;
  tcp: Map<string, string>;
}

function parseLsof(text: string): LsofFile[] {
  const files: LsofFile[] = [];
  let pid = 0;
  let current: LsofFile | undefined;
  for (const line of text.split('\n')) {
    const field = line.charAt(0);
    const value = line.slice(1);
    if (field === 'p') pid = Number(value);
    else if (field === 'f') {
      current = {
        pid,
        fd: value,
        type: '',
        device: '',
        inode: '',
        name: '',
        protocol: '',
        tcp: new Map(),
      };
      files.push(current);
    } else if (current) {
      if (field === 't') current.type = value;
      else if (field === 'd') current.device = value;
      else if (field === 'i') current.inode = value;
      else if (field === 'n') current.name = value;
      else if (field === 'P') current.protocol = value;
      else if (field === 'T') {
        const eq = value.indexOf('=');
        if (eq > 0) current.tcp.set(value.slice(0, eq), value.slice(eq + 1));
      }
    }
  }
  return files;
}

/**
 * A socket's identity, the same in every process that holds it. lsof puts it in different
 * fields: a Unix socket's inode in NODE (i) on Linux; a TCP socket's inode in DEVICE (d) on
 * Linux; a kernel address (0x…) in DEVICE on macOS, of which the low 48 bits are kept (they are
 * what differs between live kernel objects, and they fit a JavaScript number).
 */
function socketIdentity(file: Pick<LsofFile, 'device' | 'inode'>): number {
  if (/^\d+$/.test(file.inode)) return Number(file.inode);
  if (/^0x[0-9a-f]+$/i.test(file.device)) return Number(BigInt(file.device) & 0xffff_ffff_ffffn);
  return Number(file.device);
}

const SOCKET_TYPES = new Set(['IPv4', 'IPv6', 'unix', 'sock', 'systm', 'key']);

/** What /proc/<pid>/fd/<n> would say for this descriptor. */
function describe(file: LsofFile): string {
  if (SOCKET_TYPES.has(file.type)) return `socket:[${socketIdentity(file)}]`;
  if (file.type === 'FIFO' || file.type === 'PIPE') return `pipe:[${socketIdentity(file)}]`;
  // lsof adds detail to an anonymous inode's name ([eventfd:3], [eventpoll:10,12]); /proc does not.
  if (file.type === 'a_inode') return `anon_inode:${file.name.replace(/:[^\]]*\]$/, ']')}`;
  return file.name;
}

function listFds(pid: number): Map<number, string> {
  const { stdout } = run('lsof', [
    '-nP',
    '-a',
    '-p',
    String(pid),
    '-d',
    '0-999999',
    '-F',
    'ftdinPT',
  ]);
  const fds = new Map<number, string>();
  const files = parseLsof(stdout);
  // lsof prints nothing for a process that does not exist; so does /proc's readdir throw.
  if (files.length === 0 && !isAlive(pid))
    throw new Error(`process ${pid} is gone: no descriptors to list`);
  for (const file of files) {
    const fd = Number.parseInt(file.fd, 10); // '21u' → 21; cwd, txt, mem are not descriptors
    if (Number.isInteger(fd) && String(fd) === file.fd.replace(/[a-zA-Z]+$/, ''))
      fds.set(fd, describe(file));
  }
  return fds;
}

/** '127.0.0.1:8080', '[::1]:8080', '*:8080' → 8080. */
function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

/** '127.0.0.1:8080' → 127.0.0.1, '[::1]:8080' → ::1; lsof writes any address as '*'. */
function hostOf(address: string, family: string): string {
  const host = address.slice(0, address.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');
  if (host === '*') return family === 'IPv6' ? '::' : '0.0.0.0';
  return host;
}

function tcpSockets(): TcpSocketEntry[] {
  // -T qs adds the queues and the state; -T's letters differ a little between lsof builds, so
  // an unknown one is simply absent from the output.
  const { stdout } = run('lsof', ['-nP', '-iTCP', '-F', 'pftdnPT', '-T', 'qs']);
  const byIdentity = new Map<number, TcpSocketEntry>();
  for (const file of parseLsof(stdout)) {
    if (file.protocol !== 'TCP') continue;
    const inode = socketIdentity(file);
    if (byIdentity.has(inode)) continue; // the same socket held by another process (handle passing)
    const [local = '', remote = ''] = file.name.split('->');
    const stateName = (file.tcp.get('ST') ?? '') as keyof typeof TCP_STATES;
    // A LISTEN socket's accept queue: lsof calls it QLEN where the platform reports it (BSD),
    // and Linux's lsof puts it in QR as /proc/net/tcp does.
    const queue = file.tcp.get('QLEN') ?? file.tcp.get('QR');
    byIdentity.set(inode, {
      localAddress: hostOf(local, file.type),
      localPort: portOf(local),
      remotePort: remote ? portOf(remote) : 0,
      state: TCP_STATES[stateName] ?? stateName,
      inode,
      rxQueue: queue === undefined ? Number.NaN : Number(queue),
    });
  }
  return [...byIdentity.values()];
}

/** ps's `time`: [[dd-]hh:]mm:ss[.cc] of CPU → ticks of 1/100 s (procps prints whole seconds). */
export function parseCpuTime(text: string): number {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return Number.NaN;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  const total = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
  return Math.round(total * 100);
}

function cpuTicks(pid: number): number {
  const text = run('ps', ['-p', String(pid), '-o', 'time=']).stdout;
  if (text.trim() === '') throw new Error(`process ${pid} is gone: no CPU time to read`);
  return parseCpuTime(text);
}

export const portable: ProcessView = {
  name: 'portable',
  isAlive,
  readStat,
  readCmdline,
  readEnviron,
  listPids,
  processTable,
  listFds,
  tcpSockets,
  cpuTicks,
};
