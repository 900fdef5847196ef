/**
 * The safetensors JSON header, parsed in one pass over its bytes into flat arrays (no JSON.parse
 * object tree, no per-entry objects): a million-entry header loads in about a second. Names are
 * kept as Map/array entries, never as object keys, so `__proto__` or `constructor` are plain names.
 */

export const DTYPE_NAMES = ['F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8', 'U16', 'U32', 'U64', 'BOOL'] as const;
export type DTypeName = (typeof DTYPE_NAMES)[number];
export const ELEMENT_SIZE: ReadonlyMap<string, number> = new Map<string, number>([
  ['F64', 8], ['F32', 4], ['F16', 2], ['BF16', 2], ['I64', 8], ['I32', 4], ['I16', 2], ['I8', 1], ['U8', 1], ['U16', 2], ['U32', 4], ['U64', 8], ['BOOL', 1],
]);
const CODE = new Map<string, number>(DTYPE_NAMES.map((n, i) => [n, i]));

/** The reference implementation's limit (safetensors' MAX_HEADER_SIZE). */
export const MAX_HEADER = 100_000_000;
/** serde_json's nesting limit, for values of unknown fields. */
const MAX_DEPTH = 128;

/** Every tensor of a header, in file order; entry i's dims are dims[dimStart[i] .. dimStart[i + 1]). */
export interface Header {
  names: string[];
  dtypes: number[];
  dimStart: number[];
  dims: number[];
  begins: number[];
  ends: number[];
  /** "__metadata__" (a null-prototype object). */
  metadata: Record<string, string>;
}

export function fail(msg: string): never {
  throw new Error(`safetensors: ${msg}`);
}

export function dtypeName(h: Header, i: number): DTypeName {
  return DTYPE_NAMES[h.dtypes[i]!]!;
}

export function shapeOf(h: Header, i: number): number[] {
  return h.dims.slice(h.dimStart[i], h.dimStart[i + 1]);
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const codes: number[] = [];
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

class Scanner {
  p = 0;
  constructor(private readonly b: Uint8Array) {}

  syntax(what: string): never {
    const c = this.b[this.p];
    const found = c === undefined ? 'the end of the header' : c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
    fail(`invalid JSON header (expected ${what} at byte ${this.p}, found ${found})`);
  }

  ws(): void {
    const b = this.b;
    let p = this.p, c = b[p];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p];
    this.p = p;
  }

  /** Skips whitespace and returns the next byte (undefined at the end). */
  peek(): number | undefined {
    this.ws();
    return this.b[this.p];
  }

  expect(c: number, what: string): void {
    if (this.peek() !== c) this.syntax(what);
    this.p++;
  }

  str(): string {
    if (this.peek() !== 0x22) this.syntax('a string');
    const b = this.b, start = ++this.p;
    let p = start, escaped = false, ascii = true;
    for (;;) {
      const c = b[p];
      if (c === undefined) this.syntax('the closing quote of a string');
      if (c === 0x22) break;
      if (c < 0x20) { this.p = p; this.syntax('no control character in a string'); }
      if (c === 0x5c) { escaped = true; p++; } else if (c >= 0x80) ascii = false;
      p++;
    }
    this.p = p + 1;
    if (ascii && !escaped && p - start <= 64) {
      // short ASCII names (nearly all of them): cheaper than a TextDecoder call
      codes.length = p - start;
      for (let k = start; k < p; k++) codes[k - start] = b[k]!;
      return String.fromCharCode.apply(null, codes);
    }
    let raw: string;
    try {
      raw = decoder.decode(b.subarray(start, p));
    } catch {
      fail('invalid JSON header (the header is not valid UTF-8)');
    }
    if (!escaped) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      this.p = start;
      return this.syntax('a string with valid escapes');
    }
  }

  /**
   * One JSON number: its value when it is an integer literal that is a non-negative safe
   * integer, else -1 (negative, fraction, exponent or too large).
   */
  uint(): number {
    this.ws();
    const b = this.b;
    let p = this.p, v = 0;
    const neg = b[p] === 0x2d;
    if (neg) p++;
    const first = p;
    while (isDigit(b[p])) v = v * 10 + (b[p++]! - 0x30);
    if (p === first || (b[first] === 0x30 && p - first > 1)) { this.p = p; this.syntax('a number'); }
    let int = true;
    if (b[p] === 0x2e) {
      int = false;
      const f = ++p;
      while (isDigit(b[p])) p++;
      if (p === f) { this.p = p; this.syntax('a digit'); }
    }
    if (b[p] === 0x65 || b[p] === 0x45) {
      int = false;
      if (b[++p] === 0x2b || b[p] === 0x2d) p++;
      const f = p;
      while (isDigit(b[p])) p++;
      if (p === f) { this.p = p; this.syntax('a digit'); }
    }
    this.p = p;
    return int && !neg && Number.isSafeInteger(v) ? v : -1;
  }

  /** Skips one JSON value of any kind (unknown fields), without recursion. */
  skip(): void {
    const open: boolean[] = []; // the enclosing containers, true for objects
    for (;;) {
      const c = this.peek();
      if (c === 0x7b || c === 0x5b) {
        if (open.length >= MAX_DEPTH) fail(`invalid JSON header (nesting deeper than ${MAX_DEPTH} at byte ${this.p})`);
        this.p++;
        const obj = c === 0x7b;
        if (this.peek() === (obj ? 0x7d : 0x5d)) this.p++;
        else {
          open.push(obj);
          if (obj) { this.str(); this.expect(0x3a, "':'"); }
          continue;
        }
      } else if (c === 0x22) this.str();
      else if (c === 0x2d || isDigit(c)) this.uint();
      else if (!this.word('true') && !this.word('false') && !this.word('null')) this.syntax('a value');
      // after a value: ',' continues the innermost container, its closing bracket ends it
      for (;;) {
        const top = open[open.length - 1];
        if (top === undefined) return;
        const d = this.peek();
        if (d === 0x2c) {
          this.p++;
          if (top) { this.str(); this.expect(0x3a, "':'"); }
          break;
        }
        if (d !== (top ? 0x7d : 0x5d)) this.syntax(top ? "',' or '}'" : "',' or ']'");
        this.p++;
        open.pop();
      }
    }
  }

  /** Reads a string if it is exactly `w` (ASCII, no escapes), leaving the position otherwise. */
  key(w: string): boolean {
    const p = this.p;
    if (this.b[p] !== 0x22 || this.b[p + w.length + 1] !== 0x22) return false;
    for (let i = 0; i < w.length; i++) if (this.b[p + 1 + i] !== w.charCodeAt(i)) return false;
    this.p = p + w.length + 2;
    return true;
  }

  word(w: string): boolean {
    for (let i = 0; i < w.length; i++) if (this.b[this.p + i] !== w.charCodeAt(i)) return false;
    this.p += w.length;
    return true;
  }
}

/** Parses and checks each entry of a header (the byte layout is checked by checkLayout). */
export function parseHeader(json: Uint8Array): Header {
  const s = new Scanner(json);
  const h: Header = { names: [], dtypes: [], dimStart: [0], dims: [], begins: [], ends: [], metadata: Object.create(null) as Record<string, string> };
  let sawMetadata = false;
  if (s.peek() !== 0x7b) fail('the header is not a JSON object');
  s.p++;
  if (s.peek() === 0x7d) s.p++;
  else {
    for (;;) {
      const name = s.str();
      s.expect(0x3a, "':'");
      if (name === '__metadata__') {
        if (sawMetadata) fail("duplicate entry '__metadata__' in the header");
        sawMetadata = true;
        readMetadata(s, h.metadata);
      } else readEntry(s, name, h); // duplicate names are found when the entries are indexed
      if (s.peek() === 0x2c) { s.p++; continue; }
      s.expect(0x7d, "',' or '}'");
      break;
    }
  }
  if (s.peek() !== undefined) s.syntax('the end of the header');
  return h;
}

function readMetadata(s: Scanner, out: Record<string, string>): void {
  if (s.word('null')) return;
  const bad = (): never => fail('__metadata__ must map strings to strings');
  if (s.peek() !== 0x7b) bad();
  s.p++;
  if (s.peek() === 0x7d) { s.p++; return; }
  for (;;) {
    const k = s.str();
    s.expect(0x3a, "':'");
    if (s.peek() !== 0x22) bad();
    out[k] = s.str();
    if (s.peek() === 0x2c) { s.p++; continue; }
    s.expect(0x7d, "',' or '}'");
    return;
  }
}

function readEntry(s: Scanner, name: string, h: Header): void {
  if (s.peek() !== 0x7b) fail(`entry '${name}' is not an object`);
  s.p++;
  let code = -1, begin = -1, end = -1, gotShape = false, gotOffsets = false;
  const dimsAt = h.dims.length;
  if (s.peek() === 0x7d) s.p++;
  else {
    for (;;) {
      s.ws();
      const field = s.key('dtype') ? 'dtype' : s.key('shape') ? 'shape' : s.key('data_offsets') ? 'data_offsets' : (s.str(), '');
      s.expect(0x3a, "':'");
      if (field === 'dtype') {
        if (code !== -1) fail(`tensor '${name}' has a duplicate field 'dtype'`);
        if (s.peek() !== 0x22) fail(`tensor '${name}' has no dtype`);
        const d = s.str();
        const c = CODE.get(d);
        if (c === undefined) fail(`tensor '${name}' has unknown dtype '${d}' (expected one of ${DTYPE_NAMES.join(', ')})`);
        code = c;
      } else if (field === 'shape') {
        if (gotShape) fail(`tensor '${name}' has a duplicate field 'shape'`);
        gotShape = true;
        if (!readUints(s, h.dims)) fail(`tensor '${name}' has an invalid shape (dimensions must be non-negative integers up to 2^53 - 1)`);
      } else if (field === 'data_offsets') {
        if (gotOffsets) fail(`tensor '${name}' has a duplicate field 'data_offsets'`);
        gotOffsets = true;
        scratch.length = 0;
        if (!readUints(s, scratch) || scratch.length !== 2) fail(`tensor '${name}' has invalid data_offsets (two non-negative integers expected)`);
        begin = scratch[0]!;
        end = scratch[1]!;
      } else s.skip();
      if (s.peek() === 0x2c) { s.p++; continue; }
      s.expect(0x7d, "',' or '}'");
      break;
    }
  }
  if (code === -1) fail(`tensor '${name}' has no dtype`);
  if (!gotShape) fail(`tensor '${name}' has no shape`);
  if (!gotOffsets) fail(`tensor '${name}' has no data_offsets`);
  let numel = 1;
  for (let i = dimsAt; i < h.dims.length; i++) numel *= h.dims[i]!;
  const dtype = DTYPE_NAMES[code]!;
  const want = numel * ELEMENT_SIZE.get(dtype)!;
  const dims = h.dims.slice(dimsAt).join(', ');
  if (!Number.isSafeInteger(want)) fail(`tensor '${name}' of dtype ${dtype} and shape [${dims}] is too large (its byte size overflows)`);
  if (end < begin || end - begin !== want) fail(`tensor '${name}' of dtype ${dtype} and shape [${dims}] needs ${want} bytes but data_offsets span ${end - begin}`);
  h.names.push(name);
  h.dtypes.push(code);
  h.dimStart.push(h.dims.length);
  h.begins.push(begin);
  h.ends.push(end);
}

const scratch: number[] = [];

/** Appends a JSON array of non-negative safe integers to `out`; false for anything else. */
function readUints(s: Scanner, out: number[]): boolean {
  if (s.peek() !== 0x5b) return false;
  s.p++;
  if (s.peek() === 0x5d) { s.p++; return true; }
  for (;;) {
    const c = s.peek();
    if (c !== 0x2d && !isDigit(c)) return false;
    const v = s.uint();
    if (v < 0) return false;
    out.push(v);
    if (s.peek() === 0x2c) { s.p++; continue; }
    s.expect(0x5d, "',' or ']'");
    return true;
  }
}

/**
 * Checks that the tensors tile the data section exactly (the reference's validate): in offset
 * order each starts where the previous ended and the last ends at `dataLen`.
 */
export function checkLayout(h: Header, dataLen: number): void {
  const n = h.names.length, { begins, ends } = h;
  let order: ArrayLike<number> | null = null;
  for (let i = 1; i < n; i++) {
    if (begins[i]! < begins[i - 1]! || (begins[i] === begins[i - 1] && ends[i]! < ends[i - 1]!)) {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => begins[a]! - begins[b]! || ends[a]! - ends[b]!);
      break;
    }
  }
  let pos = 0;
  for (let k = 0; k < n; k++) {
    const i = order === null ? k : order[k]!;
    if (ends[i]! > dataLen) fail(`truncated file: tensor '${h.names[i]}' needs bytes [${begins[i]}, ${ends[i]}) but the data section has ${dataLen} bytes`);
    if (begins[i] !== pos) fail(`tensor '${h.names[i]}' starts at byte ${begins[i]}, expected ${pos} (overlapping or missing data)`);
    pos = ends[i]!;
  }
  if (pos !== dataLen) fail(`${dataLen - pos} unexpected bytes after the last tensor`);
}
