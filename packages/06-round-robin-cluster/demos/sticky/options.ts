/**
 * The socket.io demo's command line, read once by every process that runs its code: the
 * primary, node:cluster's workers (forked with the same arguments) and the client process of
 * --clients-apart. (Stage 04's workers are forked without arguments: what they need comes in
 * their environment, see per-connection.ts.)
 *
 *   --way      which primary, and how it routes (below)             default plain
 *   --client   socket.io | ws: the clients' library                default socket.io
 *   --clients N, --rounds R                                        20 clients, 5 round trips
 *   --sources S   0: every client from 127.0.0.1; S: client i binds to 127.0.0.(2 + i % S)
 *   --quiet, --clients-apart
 *
 *   plain                      a cluster (node:cluster or the clone), round robin
 *   sticky                     a cluster, @socket.io/sticky in the primary
 *   websocket                  a cluster, socket.io clients on the WebSocket transport only
 *   broadcast(-adapter)        a cluster, worker 1 broadcasts (broadcast.ts)
 *   per-connection             stage 04's primary, handing each connection out in turn
 *   per-connection-by-address  stage 04's primary, choosing by a hash of the client's address
 *
 * Bad input is an error that names the option and the choices; nothing has started yet.
 */
import { parseArgs } from 'node:util';
import { withoutLanguageArgument } from '@cluster-from-scratch/kit/language';

export const WAYS = [
  'plain',
  'sticky',
  'websocket',
  'broadcast',
  'broadcast-adapter',
  'per-connection',
  'per-connection-by-address',
] as const;
export type Way = (typeof WAYS)[number];

/** socket.io's own client, or a bare WebSocket from the `ws` package. */
export const CLIENT_KINDS = ['socket.io', 'ws'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** The ways a raw WebSocket client can take: those that route connections without reading them. */
const WAYS_FOR_WS: readonly Way[] = ['plain', 'per-connection', 'per-connection-by-address'];

const { values } = parseArgs({
  args: withoutLanguageArgument(process.argv.slice(2)),
  options: {
    way: { type: 'string', default: 'plain' },
    client: { type: 'string', default: 'socket.io' },
    clients: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    sources: { type: 'string', default: '0' },
    quiet: { type: 'boolean', default: false },
    // Run the clients in a process of their own, so the primary's CPU time is the primary's
    // alone: what routing every session costs it (see the docs page for the figures).
    'clients-apart': { type: 'boolean', default: false },
  },
});

export const way = values.way as Way;
if (!WAYS.includes(way)) throw new Error(`--way must be one of ${WAYS.join(', ')}, got ${way}`);
export const client = values.client as ClientKind;
if (!CLIENT_KINDS.includes(client)) {
  throw new Error(`--client must be one of ${CLIENT_KINDS.join(', ')}, got ${client}`);
}
if (client === 'ws' && !WAYS_FOR_WS.includes(way)) {
  // sticky reads socket.io's sid=, broadcast is socket.io's, websocket is socket.io's transport
  throw new Error(`--client ws goes with --way ${WAYS_FOR_WS.join(' | ')}, got ${way}`);
}
export const clients = Number(values.clients);
export const rounds = Number(values.rounds);
export const sources = Number(values.sources);
for (const [name, n] of Object.entries({ clients, rounds, sources })) {
  if (!Number.isInteger(n) || n < 0 || n > 200) throw new Error(`--${name}: 0..200, got ${n}`);
}
export const quiet = values.quiet;
export const clientsApart = values['clients-apart'];

/** Stage 04's per-connection primary instead of a cluster. */
export const perConnection = way === 'per-connection' || way === 'per-connection-by-address';

/** Client n's source address: how many clients look to the primary like many machines. */
export function sourceAddress(n: number): string | undefined {
  return sources > 0 ? `127.0.0.${2 + (n % sources)}` : undefined;
}
