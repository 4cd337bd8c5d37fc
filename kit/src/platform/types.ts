/**
 * The questions the kit asks the operating system about processes, descriptors and sockets.
 * Two implementations answer them: linux-proc.ts reads /proc, portable.ts asks `ps` and
 * `lsof` (what a Mac has). kit/src/platform.ts picks one; nothing else reads /proc or runs ps.
 */

export interface ProcessStat {
  /** One letter: R running, S sleeping, T stopped, Z zombie … (the same letters on every Unix). */
  state: string;
  ppid: number;
  pgid: number;
}

export interface ProcessRow extends ProcessStat {
  pid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
  /** The environment the process started with; only filled when asked for. */
  environment?: Map<string, string>;
}

export interface TcpSocketEntry {
  /**
   * The local address as text: '127.0.0.1', '0.0.0.0' (any IPv4), '::' (any address, both
   * families), '::1', '::ffff:127.0.0.1' (an IPv4 peer on a socket of an IPv6 listener).
   * A port number alone does not name a socket: 127.0.0.1:8000 and 127.0.1.1:8000 are two.
   */
  localAddress: string;
  localPort: number;
  remotePort: number;
  /** The state, in the kernel's two-digit code: '0A' is LISTEN, '01' ESTABLISHED (TCP_STATES). */
  state: string;
  /**
   * The socket's identity: the same number in every process that holds it. On Linux it is the
   * socket's inode; elsewhere the low 48 bits of the kernel address lsof prints, which are
   * unique among live sockets.
   */
  inode: number;
  /**
   * The receive queue. For a LISTEN socket this is its accept queue: connections the kernel
   * has completed and nobody has accept()ed yet. NaN where the platform does not say.
   */
  rxQueue: number;
}

export interface UnixSocketEntry {
  inode: number;
  /** SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, or the raw hex type. */
  type: string;
  /** connected, unconnected, connecting, disconnecting, or the raw hex state. */
  state: string;
  /** __SO_ACCEPTCON in the flags: the socket is a listener waiting for connect(). */
  listening: boolean;
  /** The bound path; empty for an unnamed socket (a socketpair's ends have none). */
  path: string;
}

/** The kernel's TCP state codes (include/net/tcp_states.h), as /proc/net/tcp prints them. */
export const TCP_STATES = {
  ESTABLISHED: '01',
  SYN_SENT: '02',
  SYN_RECV: '03',
  FIN_WAIT1: '04',
  FIN_WAIT2: '05',
  TIME_WAIT: '06',
  CLOSE: '07',
  CLOSE_WAIT: '08',
  LAST_ACK: '09',
  LISTEN: '0A',
  CLOSING: '0B',
} as const;

export interface ProcessView {
  /** Which implementation this is: 'linux-proc' or 'portable'. */
  readonly name: 'linux-proc' | 'portable';
  /** Is `pid` a live process? A zombie counts as dead: it has exited, only its status is left. */
  isAlive(pid: number): boolean;
  readStat(pid: number): ProcessStat | undefined;
  readCmdline(pid: number): string;
  /** The environment a process was started with (not later changes to process.env). */
  readEnviron(pid: number): Map<string, string>;
  listPids(): number[];
  /** Every process in one pass; with `environment`, each row carries its environment too. */
  processTable(options?: { environment?: boolean }): ProcessRow[];
  /** Every descriptor of `pid` and what it points at, e.g. { 3: 'socket:[123]', 1: 'pipe:[9]' }. */
  listFds(pid: number): Map<number, string>;
  /** TCP sockets (IPv4 and IPv6), each once however many processes hold it. */
  tcpSockets(): TcpSocketEntry[];
  /** User + system CPU time of a process in ticks of 1/100 s. */
  cpuTicks(pid: number): number;
  /**
   * How many times the process went to sleep waiting for something (voluntary context
   * switches): a tracer-free wake-up counter. Only /proc has it; undefined elsewhere.
   */
  voluntaryContextSwitches?: (pid: number) => number;
  /** Every Unix domain socket of this network namespace, by inode (/proc/net/unix). Linux only. */
  unixSockets?: () => Map<number, UnixSocketEntry>;
  /** net.ipv4.tcp_migrate_req: does a closing SO_REUSEPORT socket hand its queue on? Linux only. */
  tcpMigrateReq?: () => number;
}
