/**
 * Round robin: whose turn is it?
 *
 *   add(w1) add(w2) add(w3)
 *   next() → w1, next() → w2, next() → w3, next() → w1, …
 *   remove(w2): next() → w3, w1, w3, w1 …   (a dead worker drops out, the turn order holds)
 *
 * Only the choosing lives here; per-connection.ts does the sending. Keeping the two apart is
 * what lets a learner write the turn-taking on its own, and lets stage 06 put another policy
 * in its place. Node's cluster uses a slightly different rule (the next *free* worker, one
 * that has acknowledged its last connection); stage 06 builds that one.
 */
export class RoundRobin<T> {
  private readonly items: T[] = [];
  /** Index of the item whose turn is next. */
  private cursor = 0;

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    if (!this.items.includes(item)) this.items.push(item);
  }

  remove(item: T): void {
    const index = this.items.indexOf(item);
    if (index === -1) return;
    this.items.splice(index, 1);
    // Items after the removed one moved down by one; keep pointing at the same next item.
    if (index < this.cursor) this.cursor--;
    if (this.cursor >= this.items.length) this.cursor = 0;
  }

  /** The item whose turn it is, advancing the turn; undefined when there is nobody. */
  next(): T | undefined {
    // #region exercise 04.2 next()
    if (this.items.length === 0) return undefined;
    const item = this.items[this.cursor];
    this.cursor = (this.cursor + 1) % this.items.length;
    return item;
    // #endregion exercise 04.2
  }
}
