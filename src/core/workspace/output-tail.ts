/**
 * The last `maxBytes` of a stream, whatever its length: chunks are kept in a
 * list and dropped from the head, so a 100 MB flood costs at most maxBytes of
 * memory plus one chunk, and we know how many bytes were dropped.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private droppedBytes = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    if (this.maxBytes <= 0) {
      this.droppedBytes += chunk.length;
      return;
    }
    if (chunk.length >= this.maxBytes) {
      this.droppedBytes += this.size + chunk.length - this.maxBytes;
      this.chunks = [chunk.subarray(chunk.length - this.maxBytes)];
      this.size = this.maxBytes;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.maxBytes) {
      const head = this.chunks[0]!;
      const excess = this.size - this.maxBytes;
      if (head.length <= excess) {
        this.chunks.shift();
        this.size -= head.length;
        this.droppedBytes += head.length;
      } else {
        this.chunks[0] = head.subarray(excess);
        this.size -= excess;
        this.droppedBytes += excess;
      }
    }
  }

  /** Bytes dropped from the head so far (including a split character's leftover bytes in text()). */
  get dropped(): number {
    return this.droppedBytes + this.leadingContinuationBytes();
  }

  /** The kept tail as UTF-8, starting at a character boundary. */
  text(): string {
    const all = Buffer.concat(this.chunks, this.size);
    return all.subarray(this.leadingContinuationBytes()).toString('utf8');
  }

  // When the cut fell inside a multi-byte character, its continuation bytes (10xxxxxx) lead the tail.
  private leadingContinuationBytes(): number {
    if (this.droppedBytes === 0) return 0;
    const head = this.chunks[0];
    let n = 0;
    while (head && n < 3 && n < head.length && (head[n]! & 0xc0) === 0x80) n++;
    return n;
  }
}
