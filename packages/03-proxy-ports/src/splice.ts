/**
 * Joining the two halves of a proxied connection, so bytes flow both ways and neither half
 * outlives the other.
 *
 *   client ──▶ [ fd A in the primary ] ══ pipe ══▶ [ fd B in the primary ] ──▶ worker
 *   client ◀── [ fd A in the primary ] ◀══ pipe ══ [ fd B in the primary ] ◀── worker
 *
 * In: the client's socket (accepted on the public port) and the upstream socket (connected
 * to a worker's port). Out: nothing; when both are closed, `onClosed` runs once.
 *
 * This is where the proxy's cost lives: two descriptors in the primary for every client, as
 * long as the client stays connected, even when it sends nothing.
 *
 * Why the teardown rules matter: a client that disconnects in the middle of a request must
 * not leave fd B open towards the worker (and the worker's socket with it). So:
 * - an orderly end (FIN) is passed on: pipe() ends the other side's writable half, which lets
 *   a client that half-closes still read the whole response (both sockets are half-open);
 * - an error or a close on either side destroys the other one at once.
 */
import type { Socket } from 'node:net';

export function splice(client: Socket, upstream: Socket, onClosed?: () => void): void {
  let closed = 0;
  const teardown = () => {
    client.destroy();
    upstream.destroy();
  };
  const closedOne = () => {
    teardown();
    if (++closed === 2) onClosed?.();
  };
  client.on('error', teardown);
  upstream.on('error', teardown);
  client.once('close', closedOne);
  upstream.once('close', closedOne);
  client.pipe(upstream);
  upstream.pipe(client);
}
