/**
 * Exercise 04.4 — Bring every reusePort worker onto one port, port 0 included.
 * This file is yours: write joinOnePort() where it says TODO(exercise 04.4); the rest is done.
 * Check it with `npm run verify -- 04.4`; stuck? `npm run hint -- 04.4`.
 * (Made from the solution, src/reuse-port-join.ts, by `npm run exercises:generate`.)
 *
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
  // TODO(exercise 04.4): ask the members to listen, one after another, so that they all end up
  // on ONE port, and resolve with that port. Careful with port 0: it means "any free port" to
  // every bind() on its own. A failing member's rejection should come out unchanged.
  void members;
  void port;
  throw new Error('TODO(exercise 04.4): joinOnePort() is not written yet');
}
