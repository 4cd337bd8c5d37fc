/**
 * Exercise 01.1 — make the maxBuffer limit kill the child.
 * This file is yours: write push() where it says TODO(exercise 01.1); the rest is done. Check it
 * with `npm run verify -- 01.1`; stuck? `npm run hint -- 01.1`.
 * (Made from the solution, src/output-collector.ts, by `npm run exercises:generate`.)
 *
 * execFile keeps a child's output in memory until the child ends. Without a ceiling, a
 * child that prints forever eats the parent's memory. Finish push() so that:
 *   - chunks are kept while the total stays within maxBuffer bytes;
 *   - the chunk that crosses the limit is cut so exactly maxBuffer bytes are kept;
 *   - onOverflow() is called once, at that moment (execFile then kills the child);
 *   - after that, further chunks are ignored.
 */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private overflowed = false;

  constructor(
    private readonly maxBuffer: number,
    private readonly onOverflow: () => void,
  ) {}

  /** Keeps what fits under the ceiling and signals the first overflow (once). */
  push(chunk: Buffer): void {
    // TODO(exercise 01.1): enforce the ceiling. Right now everything is kept.
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  get exceeded(): boolean {
    return this.overflowed;
  }

  /** Everything kept, decoded with `encoding`, or as a Buffer for 'buffer' (and null). */
  result(encoding: BufferEncoding | 'buffer' | null): string | Buffer {
    const all = Buffer.concat(this.chunks);
    return encoding === 'buffer' || encoding === null ? all : all.toString(encoding);
  }
}
