/**
 * One port for every member of a SO_REUSEPORT group, even when the caller asked for port 0.
 *
 *   joinOnePort([w1, w2, w3], 0)
 *     w1(0)     ──▶ 41645     the first member lets the OS pick a free port…
 *     w2(41645) ──▶ 41645     …and everyone after it binds that port, not 0 again
 *     w3(41645) ──▶ 41645
 *   → 41645
 */

/** Asks one member to listen on `port`; resolves with the port it is bound to. */
export type ListenOne = (port: number) => Promise<number>;

export async function joinOnePort(members: readonly ListenOne[], port: number): Promise<number> {
  // #region exercise 04.4 joinOnePort()
  // Why not ask them all for port 0 at once: port 0 means "any free port" to each bind() on
  // its own, so three workers would end up on three ports, each a group of one. A fixed port
  // needs no first member, but asking in order costs nothing and gives one code path. A member
  // that fails (on a line that ignores reusePort the second gets EADDRINUSE) rejects, and the
  // rejection comes out unchanged: the caller decides what to say about it.
  const [first, ...rest] = members;
  if (first === undefined) throw new RangeError('joinOnePort: no members to listen');
  const chosen = await first(port);
  for (const member of rest) {
    const got = await member(chosen);
    if (got !== chosen) throw new Error(`joinOnePort: a member bound ${got}, not ${chosen}`);
  }
  return chosen;
  // #endregion exercise 04.4
}
