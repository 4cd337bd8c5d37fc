/**
 * The three messages of mode 'reuse-port', beside stage 04's own (protocol.ts).
 *
 *   primary ── { cfs: 'reuse-port-listen', host, port } ─────────▶ worker   bind a socket of yours
 *   primary ◀── { cfs: 'reuse-port-listening', pid, port } ──────── worker   done, on this port
 *   primary ◀── { cfs: 'reuse-port-failed', pid, code } ─────────── worker   listen() failed
 *
 * No handle travels in this mode: that is the whole difference from the other two.
 */

export interface ReusePortListen {
  cfs: 'reuse-port-listen';
  host: string;
  port: number;
}

export interface ReusePortListening {
  cfs: 'reuse-port-listening';
  pid: number;
  port: number;
}

export interface ReusePortFailed {
  cfs: 'reuse-port-failed';
  pid: number;
  code: string;
}

export type ReusePortReply = ReusePortListening | ReusePortFailed;

export function isReusePortListen(message: unknown): message is ReusePortListen {
  const m = message as Partial<ReusePortListen> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.cfs === 'reuse-port-listen' &&
    typeof m.host === 'string' &&
    Number.isInteger(m.port)
  );
}

export function isReusePortReply(message: unknown): message is ReusePortReply {
  const m = message as Partial<ReusePortReply> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    (m.cfs === 'reuse-port-listening' || m.cfs === 'reuse-port-failed')
  );
}
