/**
 * The worker's side of least connections — BEYOND node:cluster: tell the primary when a
 * connection it handed out has closed, so it can count open connections per worker.
 *
 * What goes in: a `newconn` message and the socket handle it came with. Only a ScheduledHandle
 * numbers its connections (`conn`); round robin's newconn has no number and nothing changes.
 * What comes out: once, when that socket handle closes, {act:'connclose', key, conn}.
 *
 *   primary ── {act:'newconn', key, conn: 17} + handle ──▶ worker: handle.close wrapped
 *   net.Socket destroyed ─▶ handle.close() ─▶ {act:'connclose', key, conn: 17} ──▶ primary
 *
 * Why wrap close: net.Socket closes its native handle exactly once, whoever ends it (client,
 * server, error, timeout), so the handle is the one place that sees every ending. A declined
 * connection is closed too; the primary never counted it, and ignores the report.
 */
export function reportCloseIfAsked(
  message: Readonly<Record<string, unknown>>,
  socket: { close(...args: unknown[]): unknown } | undefined,
  send: (message: Record<string, unknown>) => unknown,
): void {
  const { key, conn } = message;
  if (typeof conn !== 'number' || typeof key !== 'string' || socket === undefined) return;
  const close = socket.close;
  let reported = false;
  socket.close = function closeAndReport(this: unknown, ...args: unknown[]) {
    if (!reported) {
      reported = true;
      send({ act: 'connclose', key, conn });
    }
    return close.apply(this, args);
  };
}
