/**
 * protocol: checks what a worker sends before the primary acts on it.
 *
 * What goes in: an internal message from a worker (anything at all: the worker is another
 * program, it may be buggy or speak another version). What comes out: the typed fields the
 * primary needs, or a sentence saying why the message is ignored.
 *
 *   {act:'queryServer', port:'80', …} ──▶ readListenQuery ──▶ "port must be an integer …"
 *                                                            (debug trace, message dropped)
 *
 * Deliberate difference: Node trusts its workers (they run Node's own child.js), so an odd
 * message can throw in the primary. A clone that user code can talk to should not crash on one.
 */
import type { ListenQuery } from './handles.ts';
import type { ClusterMessage } from './utils.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(why: string): Checked<T> => ({ ok: false, why });

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

// net.js passes backlog as a number, or `false` when listen()'s arguments held none
// (listen(0, host, callback)), or leaves it out; flags likewise.
function optionalNumber(value: unknown): value is number | boolean | undefined | null {
  return (
    value === undefined ||
    value === null ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The address part every listen-shaped message (queryServer, listening) carries. */
function readAddress(message: ClusterMessage): Checked<Omit<ListenQuery, 'index' | 'data'>> {
  const { address, port, addressType, fd, flags, backlog } = message;
  if (address !== null && typeof address !== 'string')
    return bad('address must be a string or null');
  if (fd !== undefined && fd !== null && fd !== -1 && !isInteger(fd, 0, 2 ** 31 - 1))
    return bad('fd must be a non-negative integer (or -1: none)');
  // listen({ fd }) names no port and no type: net sends null for both. dgram's bind() without
  // a port sends undefined (then absent on the wire): any port.
  const byFd = isInteger(fd, 0, 2 ** 31 - 1);
  const udp = addressType === 'udp4' || addressType === 'udp6';
  const noPort = (byFd && port === null) || (udp && (port === undefined || port === null));
  if (!noPort && !isInteger(port, -1, 65535))
    return bad('port must be an integer from -1 to 65535');
  // 4 and 6 are TCP, -1 a Unix socket, null an fd; 'udp4'/'udp6' a dgram socket.
  if (
    !(byFd && addressType === null) &&
    ![4, 6, -1, 'udp4', 'udp6'].includes(addressType as number | string)
  )
    return bad("addressType must be 4, 6, -1, 'udp4' or 'udp6'");
  if (!optionalNumber(flags) || !optionalNumber(backlog))
    return bad('flags and backlog must be numbers');
  return ok({
    address,
    port: port as number,
    addressType: addressType as number | string,
    fd: fd as number | undefined,
    flags: typeof flags === 'number' ? flags : undefined,
    backlog: typeof backlog === 'number' ? backlog : undefined,
    readableAll: message.readableAll === true ? true : undefined,
    writableAll: message.writableAll === true ? true : undefined,
  });
}

/** queryServer: "give me a server for this address", from net.Server#listen in a worker. */
export function readListenQuery(message: ClusterMessage): Checked<ListenQuery> {
  const address = readAddress(message);
  if (!address.ok) return address;
  if (!isInteger(message.index, 0, Number.MAX_SAFE_INTEGER))
    return bad('index must be a non-negative integer');
  if (!isInteger(message.seq, 0, Number.MAX_SAFE_INTEGER))
    return bad('seq must be a non-negative integer');
  return ok({ ...address.value, index: message.index, data: message.data ?? null });
}

/** listening: "my server is up", the payload of the 'listening' event. */
export function readListening(
  message: ClusterMessage,
): Checked<{ addressType: number | string; address: string | null; port: number; fd?: number }> {
  const address = readAddress(message);
  if (!address.ok) return address;
  const { addressType, port, fd } = address.value;
  return ok({ addressType, address: address.value.address, port, fd });
}

/** close: "my server with this key closed". */
export function readKey(message: ClusterMessage): Checked<string> {
  return typeof message.key === 'string' ? ok(message.key) : bad('key must be a string');
}

/** Requests that carry an ack callback on the other side need a usable seq. */
export function readSeq(message: ClusterMessage): Checked<number> {
  return isInteger(message.seq, 0, Number.MAX_SAFE_INTEGER)
    ? ok(message.seq)
    : bad('seq must be a non-negative integer');
}
