/**
 * Streaming gzip decoder (RFC 1952) that verifies what it reads: every member's header, CRC-32 and
 * ISIZE, several members in a row (as `bgzip` and `cat a.gz b.gz` write them), zero padding after
 * the last member and nothing else.
 *
 * @module
 */

import { crc32, crc32Byte } from '../checksum/crc32';
import { RawInflater } from './RawInflater';
import { StreamError } from './StreamError';

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

type Phase =
  | 'magic' // the 10 fixed header bytes
  | 'extraLength'
  | 'extra'
  | 'name'
  | 'comment'
  | 'headerCrc'
  | 'body'
  | 'trailer'
  | 'between'; // after a member: another member, zero padding, or the end

/**
 * Decodes gzip data pushed in chunks of any size. Inflated bytes go to `onData` in pieces sized by
 * `allowed` (see {@link RawInflater}); an exception thrown there stops decoding and propagates.
 * Problems with the gzip data are thrown as {@link StreamError}s whose message says what is wrong.
 *
 * @example
 * ```ts
 * const gz = new GzipDecoder((piece) => sink.write(piece));
 * gz.push(bytes.subarray(0, 1000));
 * gz.push(bytes.subarray(1000));
 * gz.finish(); // throws for a truncated stream
 * ```
 */
export class GzipDecoder {
  private phase: Phase = 'magic';
  /** Bytes of the current header field or trailer collected so far. */
  private field: number[] = [];
  private flags = 0;
  private remaining = 0;
  private headerCrc = 0;
  private inflater: RawInflater | undefined;
  private crc = 0;
  private size = 0;
  private members = 0;
  private offset = 0;
  private inPadding = false;

  /**
   * @param onData - receives each inflated piece.
   * @param allowed - output bytes the owner still accepts, over all members (see RawInflater).
   */
  constructor(
    private readonly onData: (piece: Uint8Array) => void,
    private readonly allowed: () => number = () => Number.POSITIVE_INFINITY,
  ) {}

  /** Members fully decoded so far. */
  get memberCount(): number {
    return this.members;
  }

  /**
   * Decodes the next bytes.
   *
   * @throws {StreamError} for bad gzip data (the message says what), or whatever `onData` throws.
   */
  push(input: Uint8Array): void {
    let i = 0;
    while (i < input.length) {
      if (this.phase === 'body') {
        const used = this.inflater!.push(input.subarray(i));
        i += used;
        this.offset += used;
        if (this.inflater!.done) {
          this.phase = 'trailer';
          this.field = [];
        }
        continue;
      }
      const b = input[i]!;
      i++;
      this.offset++;
      this.headerByte(b);
    }
  }

  /**
   * Declares the input finished.
   *
   * @throws {StreamError} when the data ends inside a member, or holds no member at all.
   */
  finish(): void {
    if (this.phase === 'between') return;
    if (this.members === 0 && this.phase === 'magic' && this.field.length === 0) {
      throw new StreamError('no gzip data');
    }
    throw new StreamError(`gzip data is truncated (inside member ${this.members + 1}'s ${this.where()})`);
  }

  private where(): string {
    if (this.phase === 'body') return 'compressed data';
    if (this.phase === 'trailer') return 'CRC-32/ISIZE trailer';
    return 'header';
  }

  private headerByte(b: number): void {
    switch (this.phase) {
      case 'between':
        if (b === 0) {
          this.inPadding = true;
          return;
        }
        if (b !== 0x1f) {
          throw new StreamError(
            `${this.inPadding ? 'non-zero byte in the padding' : 'trailing bytes'} after gzip member ${this.members} (byte ${this.offset - 1} is 0x${b.toString(16)}, not a gzip header)`,
          );
        }
        this.phase = 'magic';
        this.field = [];
        this.collect(b);
        return;
      case 'magic':
        this.collect(b);
        return;
      case 'extraLength':
        this.headerCrc = crc32Byte(b, this.headerCrc);
        this.field.push(b);
        if (this.field.length === 2) {
          this.remaining = this.field[0]! | (this.field[1]! << 8);
          this.phase = 'extra';
          if (this.remaining === 0) this.nextField(FEXTRA);
        }
        return;
      case 'extra':
        this.headerCrc = crc32Byte(b, this.headerCrc);
        if (--this.remaining === 0) this.nextField(FEXTRA);
        return;
      case 'name':
      case 'comment':
        this.headerCrc = crc32Byte(b, this.headerCrc);
        if (b === 0) this.nextField(this.phase === 'name' ? FNAME : FCOMMENT);
        return;
      case 'headerCrc':
        this.field.push(b);
        if (this.field.length === 2) {
          const stored = this.field[0]! | (this.field[1]! << 8);
          if (stored !== (this.headerCrc & 0xffff)) {
            throw new StreamError(`gzip member ${this.members + 1}: header CRC mismatch`);
          }
          this.startBody();
        }
        return;
      default: // trailer
        this.field.push(b);
        if (this.field.length === 8) this.endMember();
    }
  }

  /** Collects the 10 fixed header bytes and checks them. */
  private collect(b: number): void {
    this.field.push(b);
    const f = this.field;
    const n = f.length;
    const member = this.members + 1;
    if (n === 1 && b !== 0x1f)
      throw new StreamError(`not gzip data (member ${member} does not start with 1f 8b)`);
    if (n === 2 && b !== 0x8b)
      throw new StreamError(`not gzip data (member ${member} does not start with 1f 8b)`);
    if (n === 3 && b !== 8)
      throw new StreamError(`gzip member ${member}: compression method ${b}, only 8 (deflate) exists`);
    if (n === 4 && (b & 0xe0) !== 0)
      throw new StreamError(`gzip member ${member}: reserved flag bits are set (0x${b.toString(16)})`);
    if (n < 10) return;
    this.flags = f[3]!;
    this.headerCrc = crc32(Uint8Array.from(f));
    this.field = [];
    this.nextField(0);
  }

  /** Moves to the first optional header field after `done` (a flag bit), or to the body. */
  private nextField(done: number): void {
    const order: [number, Phase][] = [
      [FEXTRA, 'extraLength'],
      [FNAME, 'name'],
      [FCOMMENT, 'comment'],
      [FHCRC, 'headerCrc'],
    ];
    // fields come in the order FEXTRA, FNAME, FCOMMENT, FHCRC: resume after the one just read
    const start = done === 0 ? 0 : order.findIndex(([flag]) => flag === done) + 1;
    for (let k = start; k < order.length; k++) {
      const [flag, phase] = order[k]!;
      if (this.flags & flag) {
        this.phase = phase;
        this.field = [];
        return;
      }
    }
    this.startBody();
  }

  private startBody(): void {
    this.phase = 'body';
    this.crc = 0;
    this.size = 0;
    this.inflater = new RawInflater((piece) => {
      this.crc = crc32(piece, this.crc);
      this.size += piece.length;
      this.onData(piece);
    }, this.allowed);
  }

  private endMember(): void {
    const f = this.field;
    const member = this.members + 1;
    const storedCrc = (f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24)) >>> 0;
    const storedSize = (f[4]! | (f[5]! << 8) | (f[6]! << 16) | (f[7]! << 24)) >>> 0;
    if (storedCrc !== this.crc) {
      throw new StreamError(
        `gzip member ${member}: CRC-32 mismatch (the trailer says ${hex(storedCrc)}, the data gives ${hex(this.crc)})`,
      );
    }
    if (storedSize !== this.size % 2 ** 32) {
      throw new StreamError(
        `gzip member ${member}: ISIZE mismatch (the trailer says ${storedSize} bytes mod 2^32, the data has ${this.size})`,
      );
    }
    this.members = member;
    this.inflater = undefined;
    this.phase = 'between';
    this.inPadding = false;
    this.field = [];
  }
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}
