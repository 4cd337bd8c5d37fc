/**
 * Exercise 03.1 — Pick the next upstream round robin.
 * This file is yours: write next() where it says TODO(exercise 03.1); the rest is done. Check it
 * with `npm run verify -- 03.1`; stuck? `npm run hint -- 03.1`.
 * (Made from the solution, src/rotation.ts, by `npm run exercises:generate`.)
 *
 * Round robin: which upstream gets the next client connection.
 *
 *   items:  [ w1, w2, w3 ]        next() → w1, w2, w3, w1, w2, …
 *                 ▲
 *               cursor (the index of the item the next pick returns)
 *
 * In: the upstreams the primary knows (add when a worker reports its port, remove when it
 * exits). Out: one upstream per call to next(), in turn, or undefined when there is none.
 *
 * The primary asks once per *client connection*, not per request: a TCP proxy never sees
 * requests, so a keep-alive client stays with the worker it was given.
 *
 * remove() is the half of the fix for "the proxy does not know a worker died": once a worker
 * is out of `items` no client is sent to its port again. It keeps the cursor on the item that
 * was due next, so taking one worker out does not make the others skip a turn.
 */
export class Rotation<T> {
  private readonly list: T[] = [];
  /** Index in `list` of the item next() returns; always < list.length (or 0 when empty). */
  private cursor = 0;

  constructor(items: Iterable<T> = []) {
    for (const item of items) this.add(item);
  }

  get size(): number {
    return this.list.length;
  }

  /** The items in rotation order starting at index 0 (not at the cursor). */
  get items(): readonly T[] {
    return this.list;
  }

  /** Joins the rotation at the end: it gets its first turn after everyone already in. */
  add(item: T): void {
    if (!this.list.includes(item)) this.list.push(item);
  }

  /** The next item in turn, or undefined when the rotation is empty. */
  next(): T | undefined {
    // TODO(exercise 03.1): return the item at the cursor and move the cursor on by one,
    // back to 0 after the last item. An empty rotation has nothing to give: undefined.
    throw new Error('TODO(exercise 03.1): Rotation.next()');
  }

  /**
   * Takes `item` out; returns false if it was not in. The item that was due next stays due
   * next: removing an item *before* the cursor shifts everything after it one place left,
   * so the cursor must move left with it.
   */
  remove(item: T): boolean {
    const index = this.list.indexOf(item);
    if (index === -1) return false;
    this.list.splice(index, 1);
    if (index < this.cursor) this.cursor--;
    if (this.cursor >= this.list.length) this.cursor = 0;
    return true;
  }
}
