/**
 * Collecting a child's output, with a ceiling.
 *
 *   chunk ─▶ push() ─▶ [kept bytes … up to maxBuffer]   result() ─▶ string | Buffer
 *                         │ one byte too many
 *                         └─▶ onOverflow()  (execFile answers by killing the child)
 *
 * exec and execFile hand you the whole output at the end, so they must hold it in memory
 * meanwhile. maxBuffer is what stops a chatty child from eating the parent's memory: the
 * first byte past the limit is the child's last. We count raw bytes (not characters) and
 * keep exactly the first maxBuffer of them, which is what Node does for byte streams.
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
    // #region exercise 01.1 push()
    if (this.overflowed) return;
    const room = this.maxBuffer - this.length;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.length += chunk.length;
      return;
    }
    // The chunk that crosses the line: keep the part that still fits, then stop collecting.
    this.chunks.push(chunk.subarray(0, Math.max(0, room)));
    this.length = this.maxBuffer;
    this.overflowed = true;
    this.onOverflow();
    // #endregion exercise 01.1
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
