/**
 * One raw WebSocket client's session (the `ws` package, no socket.io): open one connection,
 * R round trips on it, close.
 *
 *   GET / Upgrade: websocket ──▶ 101 ──{"i":0}──▶ {"i":0,"pid":4250} ──{"i":1}──▶ … → ok
 *                                   │ 'error' / 'close' before the last answer → failed, and why
 *
 * The point of it: a WebSocket session is ONE TCP connection, and a connection is what every
 * primary here deals out, so wherever the connection lands, the whole session stays there.
 * Same result shape as socketIoSession(), so report.ts counts both alike.
 */
import { WebSocket } from 'ws';
import type { SessionOptions, SessionResult } from './socketio-client.ts';

export function wsSession({ port, rounds, localAddress }: SessionOptions): Promise<SessionResult> {
  // ws passes localAddress on to http.request: the connection leaves from that address.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { localAddress });
  const pids: number[] = [];
  let connected = false;
  let noAnswer: NodeJS.Timeout | undefined;
  return new Promise((resolve) => {
    const finish = (ok: boolean, why: string) => {
      clearTimeout(noAnswer);
      ws.removeAllListeners();
      ws.on('error', () => {}); // whatever the socket says after we are done is not news
      if (ok) ws.close();
      else ws.terminate();
      resolve({ ok, why, pids, connected, retries: 0 });
    };
    const ask = () => {
      ws.send(JSON.stringify({ i: pids.length }));
      // Only turns a lost answer into a failure; no test waits on it.
      noAnswer = setTimeout(
        () => finish(false, `round trip ${pids.length + 1}: no answer`),
        15_000,
      );
    };
    const next = () => (pids.length === rounds ? finish(true, '') : ask());
    ws.on('open', () => {
      connected = true;
      next();
    });
    ws.on('message', (data) => {
      clearTimeout(noAnswer);
      pids.push((JSON.parse(String(data)) as { pid: number }).pid);
      next();
    });
    ws.on('error', (error) => finish(false, `error: ${error.message}`));
    ws.on('close', (code) => finish(false, `closed by the server (${code})`));
  });
}
