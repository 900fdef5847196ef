/**
 * A pickle writer (protocol 2, as torch.save writes data.pkl) for what checkpoints hold: dicts,
 * lists, tuples (frozen arrays), sets, str, int, float, bool, None, bytes, and objects that the
 * caller encodes itself (tensors). It emits only opcodes that PyTorch's weights_only unpickler
 * reads. GLOBALs and shared objects are memoized, as Python's pickler does.
 */

import { ORDERED_DICTS } from './unpickle';

const OP = {
  MARK: 0x28, STOP: 0x2e, BINFLOAT: 0x47, BININT: 0x4a, BININT1: 0x4b, BININT2: 0x4d, NONE: 0x4e, BINPERSID: 0x51,
  REDUCE: 0x52, BINUNICODE: 0x58, APPENDS: 0x65, BUILD: 0x62, GLOBAL: 0x63, BINGET: 0x68, LONG_BINGET: 0x6a,
  EMPTY_LIST: 0x5d, BINPUT: 0x71, LONG_BINPUT: 0x72, SETITEMS: 0x75, TUPLE: 0x74, EMPTY_DICT: 0x7d, EMPTY_TUPLE: 0x29,
  PROTO: 0x80, TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87, NEWTRUE: 0x88, NEWFALSE: 0x89, LONG1: 0x8a,
} as const;
/** Python's pickler batches APPENDS/SETITEMS by this many items. */
const BATCH = 1000;

/** A value the caller writes itself (e.g. a tensor as a REDUCE of _rebuild_tensor_v2). */
export type CustomWriter = (value: object, w: PickleWriter, path: string) => boolean;

export class PickleWriter {
  private buf = new Uint8Array(1024);
  private len = 0;
  private readonly memo = new Map<unknown, number>();
  private readonly encoder = new TextEncoder();

  constructor(private readonly custom: CustomWriter, private readonly intKeys: (dict: object, path: string) => boolean) {
    this.byte(OP.PROTO, 2);
  }

  finish(): Uint8Array {
    this.byte(OP.STOP);
    return this.buf.slice(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(...bytes: number[]): void {
    this.reserve(bytes.length);
    for (const b of bytes) this.buf[this.len++] = b;
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private u32(op: number, v: number): void {
    this.reserve(5);
    this.buf[this.len++] = op;
    new DataView(this.buf.buffer).setUint32(this.len, v, true);
    this.len += 4;
  }

  /** Stores the top of the stack under a fresh memo id (BINPUT). */
  put(key: unknown): void {
    const id = this.memo.size;
    this.memo.set(key, id);
    if (id < 256) this.byte(OP.BINPUT, id);
    else this.u32(OP.LONG_BINPUT, id);
  }

  /** Pushes a memoized object again (BINGET); false when it was never stored. */
  get(key: unknown): boolean {
    const id = this.memo.get(key);
    if (id === undefined) return false;
    if (id < 256) this.byte(OP.BINGET, id);
    else this.u32(OP.LONG_BINGET, id);
    return true;
  }

  global(module: string, name: string): void {
    const key = `global:${module}\n${name}`;
    if (this.get(key)) return;
    this.byte(OP.GLOBAL);
    this.raw(this.encoder.encode(`${module}\n${name}\n`));
    this.put(key);
  }

  str(s: string): void {
    const bytes = this.encoder.encode(s);
    this.u32(OP.BINUNICODE, bytes.length);
    this.raw(bytes);
  }

  int(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v < 256) this.byte(OP.BININT1, v);
    else if (typeof v === 'number' && v >= 0 && v < 65536) this.byte(OP.BININT2, v & 0xff, v >> 8);
    else if (typeof v === 'number' && v >= -2147483648 && v <= 2147483647) {
      this.reserve(5);
      this.buf[this.len++] = OP.BININT;
      new DataView(this.buf.buffer).setInt32(this.len, v, true);
      this.len += 4;
    } else {
      // LONG1: little-endian two's complement, the fewest bytes that keep the sign
      let big = BigInt(v);
      const out: number[] = [];
      for (;;) {
        const b = Number(big & 0xffn);
        out.push(b);
        big >>= 8n;
        if ((big === 0n && (b & 0x80) === 0) || (big === -1n && (b & 0x80) !== 0)) break;
      }
      this.byte(OP.LONG1, out.length, ...out);
    }
  }

  float(v: number): void {
    this.reserve(9);
    this.buf[this.len++] = OP.BINFLOAT;
    new DataView(this.buf.buffer).setFloat64(this.len, v, false);
    this.len += 8;
  }

  /** A tuple of already-pushed-by-callback items. */
  tuple(items: readonly (() => void)[]): void {
    if (items.length === 0) { this.byte(OP.EMPTY_TUPLE); return; }
    if (items.length > 3) this.byte(OP.MARK);
    for (const f of items) f();
    this.byte(items.length === 1 ? OP.TUPLE1 : items.length === 2 ? OP.TUPLE2 : items.length === 3 ? OP.TUPLE3 : OP.TUPLE);
  }

  reduce(): void {
    this.byte(OP.REDUCE);
  }

  persistentId(): void {
    this.byte(OP.BINPERSID);
  }

  /** Writes any supported value; `path` names it in errors ('state.0.exp_avg'). */
  value(v: unknown, path: string): void {
    if (v === null || v === undefined) { this.byte(OP.NONE); return; }
    if (typeof v === 'boolean') { this.byte(v ? OP.NEWTRUE : OP.NEWFALSE); return; }
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) this.int(v);
      else this.float(v);
      return;
    }
    if (typeof v === 'bigint') { this.int(v); return; }
    if (typeof v === 'string') { this.str(v); return; }
    if (typeof v !== 'object') throw new TypeError(`torchSave: cannot save a ${typeof v} (at ${path || 'the top level'})`);
    if (this.get(v)) return;
    if (this.custom(v, this, path)) return;
    if (Array.isArray(v)) { this.list(v, path); return; }
    if (v instanceof Uint8Array) { this.bytes(v); return; }
    if (v instanceof Set) { this.set(v, path); return; }
    if (v instanceof Map) { this.dict([...v.entries()], v, false, path); return; }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      const intKeys = this.intKeys(v, path);
      const entries = Object.entries(v).map(([k, x]): [unknown, unknown] => [intKeys && /^(0|-?[1-9]\d*)$/.test(k) ? Number(k) : k, x]);
      const ordered = ORDERED_DICTS.has(v);
      this.dict(entries, v, ordered, path, ordered ? hiddenAttrs(v) : undefined);
      return;
    }
    throw new TypeError(`torchSave: cannot save a ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'object'} (at ${path || 'the top level'}): `
      + 'only tensors, arrays, plain objects, Maps, Sets, strings, numbers, booleans and null');
  }

  private list(v: readonly unknown[], path: string): void {
    if (Object.isFrozen(v)) {
      // a tuple cannot refer to itself, so it is memoized after its items
      this.tuple(v.map((x, i) => () => this.value(x, `${path}[${i}]`)));
      this.put(v);
      return;
    }
    this.byte(OP.EMPTY_LIST);
    this.put(v);
    for (let start = 0; start < v.length; start += BATCH) {
      this.byte(OP.MARK);
      v.slice(start, start + BATCH).forEach((x, i) => this.value(x, `${path}[${start + i}]`));
      this.byte(OP.APPENDS);
    }
  }

  /** A dict, or an OrderedDict (with its non-key attributes, e.g. a state dict's _metadata). */
  dict(entries: readonly [unknown, unknown][], key: object, ordered: boolean, path: string, attrs?: Record<string, unknown>): void {
    if (ordered) {
      this.global('collections', 'OrderedDict');
      this.byte(OP.EMPTY_TUPLE, OP.REDUCE);
    } else this.byte(OP.EMPTY_DICT);
    this.put(key);
    for (let start = 0; start < entries.length; start += BATCH) {
      this.byte(OP.MARK);
      for (const [k, x] of entries.slice(start, start + BATCH)) {
        if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'bigint' && typeof k !== 'boolean') {
          throw new TypeError(`torchSave: a dict key must be a string, number or boolean (at ${path || 'the top level'})`);
        }
        this.value(k, path);
        this.value(x, path === '' ? String(k) : `${path}.${String(k)}`);
      }
      this.byte(OP.SETITEMS);
    }
    if (attrs !== undefined && Object.keys(attrs).length > 0) {
      this.byte(OP.EMPTY_DICT);
      this.byte(OP.MARK);
      for (const [k, x] of Object.entries(attrs)) { this.str(k); this.value(x, `${path}.${k}`); }
      this.byte(OP.SETITEMS, OP.BUILD);
    }
  }

  private set(v: ReadonlySet<unknown>, path: string): void {
    this.global('__builtin__', 'set');
    this.list([...v], path);
    this.byte(OP.TUPLE1, OP.REDUCE);
    this.put(v);
  }

  private bytes(v: Uint8Array): void {
    // protocol 2 has no bytes opcode: Python writes _codecs.encode(latin-1 text, 'latin1')
    this.global('_codecs', 'encode');
    let s = '';
    for (const b of v) s += String.fromCharCode(b);
    this.str(s);
    this.str('latin1');
    this.byte(OP.TUPLE2, OP.REDUCE);
    this.put(v);
  }
}

/** An OrderedDict's attributes (non-enumerable own properties, as the unpickler stores them). */
function hiddenAttrs(v: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.getOwnPropertyNames(v)) {
    if (!Object.prototype.propertyIsEnumerable.call(v, k)) out[k] = Reflect.get(v, k);
  }
  return out;
}
