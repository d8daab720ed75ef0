/**
 * Assembles an array file (NPY, NIfTI) from inflated pieces: header first, then the data straight
 * into one array sized from the checked header.
 *
 * @module
 */

/** Where the data of an array file lies, as its header says. */
export interface ArrayLayout {
  /** Byte offset of the first element in the (inflated) file. */
  dataOffset: number;
  /** Element count (product of the shape). */
  count: number;
  /** Bytes per element. */
  itemSize: number;
}

/**
 * Reads a header from the first bytes: the total header bytes it needs when `head` is too short
 * (a number), else the layout. Throws the format's error for a bad or oversized header.
 */
export type HeaderParser<L extends ArrayLayout> = (head: Uint8Array) => number | L;

/**
 * Receives inflated bytes in pieces. The header bytes are buffered (at most what the parser asks
 * for), the parsed layout is checked by `accept` (limits, declared sizes) BEFORE the array is
 * allocated, bytes between the header and `dataOffset` are skipped, and the data is copied into
 * the array as it arrives. Bytes after the data are counted in {@link excess}.
 *
 * @example
 * ```ts
 * const c = new ArrayCollector(
 *   (count, size) => allocateElements('npy', count, size, false),
 *   (head) => parseNpyLayout(head, limits),
 *   (l) => checkSize(l),
 * );
 * inflater = new RawInflater((piece) => c.write(piece));
 * // … after the stream: c.complete ? finishNpy(c.data, c.layout!) : error
 * ```
 */
export class ArrayCollector<L extends ArrayLayout> {
  private head = new Uint8Array(0);
  private headLength = 0;
  private need = 0;
  /** The layout, once the header is complete. */
  layout: L | undefined;
  /** The data bytes, allocated once the layout is accepted. */
  data: Uint8Array | undefined;
  /** Data bytes written so far. */
  filled = 0;
  /** Bytes after the data. */
  excess = 0;
  /** Bytes received in total. */
  received = 0;

  /**
   * @param allocate - the data's bytes, for `count` elements of `itemSize` bytes (`allocateElements`).
   * @param parse - the format's header reader.
   * @param accept - checks a layout before allocation (throws to refuse it).
   * @param onExcess - called when bytes arrive after the data (throw to refuse them); default
   *   refuses nothing.
   */
  constructor(
    private readonly allocate: (count: number, itemSize: number) => Uint8Array,
    private readonly parse: HeaderParser<L>,
    private readonly accept: (layout: L) => void,
    private readonly onExcess: (excess: number) => void = () => undefined,
  ) {}

  /**
   * Bytes the file should have in all, as far as known: the header bytes the parser asked for,
   * then the data's end once the layout is known. A stream decoder sizes its pieces from
   * `expected − received`.
   */
  get expected(): number {
    const l = this.layout;
    return l === undefined ? Math.max(this.need, 64) : l.dataOffset + l.count * l.itemSize;
  }

  /** True when every data byte has arrived. */
  get complete(): boolean {
    return this.data !== undefined && this.filled === this.data.length;
  }

  /** Takes the next inflated bytes. @throws the format's errors from `parse`/`accept`/`onExcess`. */
  write(piece: Uint8Array): void {
    let i = 0;
    const start = this.received;
    this.received += piece.length;
    while (this.layout === undefined && i < piece.length) {
      if (this.need === 0) this.need = this.ask();
      const take = Math.min(piece.length - i, this.need - this.headLength);
      this.grow(this.need);
      this.head.set(piece.subarray(i, i + take), this.headLength);
      this.headLength += take;
      i += take;
      if (this.headLength === this.need) this.need = this.ask();
    }
    const layout = this.layout;
    if (layout === undefined) return;
    // skip to the data (NIfTI extensions), then fill
    const posAfterI = start + i;
    if (posAfterI < layout.dataOffset) i += Math.min(piece.length - i, layout.dataOffset - posAfterI);
    if (i >= piece.length) return;
    const data = this.data!;
    const take = Math.min(piece.length - i, data.length - this.filled);
    data.set(piece.subarray(i, i + take), this.filled);
    this.filled += take;
    i += take;
    if (i < piece.length) {
      this.excess += piece.length - i;
      this.onExcess(this.excess);
    }
  }

  /** Asks the parser about the buffered head: returns the bytes still needed, or 0 when done. */
  private ask(): number {
    const r = this.parse(this.head.subarray(0, this.headLength));
    if (typeof r === 'number') {
      if (r <= this.headLength) throw new Error('header parser asked for no new bytes');
      return r;
    }
    this.accept(r);
    this.layout = r;
    this.data = this.allocate(r.count, r.itemSize);
    // header bytes past dataOffset (the parser read further than the data start) are data
    const extra = this.headLength - r.dataOffset;
    if (extra > 0) {
      const over = Math.min(extra, this.data.length);
      this.data.set(this.head.subarray(r.dataOffset, r.dataOffset + over));
      this.filled = over;
      if (extra > over) {
        this.excess = extra - over;
        this.onExcess(this.excess);
      }
    }
    this.head = new Uint8Array(0);
    return 0;
  }

  private grow(size: number): void {
    if (this.head.length >= size) return;
    const bigger = new Uint8Array(Math.max(size, 64));
    bigger.set(this.head.subarray(0, this.headLength));
    this.head = bigger;
  }
}
