/**
 * Property-based fuzzing of the safetensors reader (issue 14): random mutations of valid files
 * (byte flips, truncations, insertions, length-prefix changes, header edits) never crash with a
 * JS-internal error, never allocate more than the file's size suggests, and either load exactly
 * what an independent decoder reads from the bytes or throw a "safetensors: ..." Error.
 */
import fc from 'fast-check';
import { tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { craftSafetensors } from './helpers';

const bases: Uint8Array[] = [
  nn.serialize({ w: tensor([[1.5, -2], [3, 4]]), b: tensor([7, -8]), m: tensor([true, false, true]), d: tensor([0.25], { dtype: 'float64' }) },
    { metadata: { format: 'pt' } }),
  nn.serialize({ x: tensor([1, 2, 3]).float(), e: tensor([]).float() }),
  (() => { // the dtypes torchlet does not write: F16, BF16, I32, I16, I8, U8, U16, U32, U64
    const tags = ['F16', 'BF16', 'I32', 'I16', 'I8', 'U8', 'U16', 'U32', 'U64'] as const;
    const size = { F16: 2, BF16: 2, I32: 4, I16: 2, I8: 1, U8: 1, U16: 2, U32: 4, U64: 8 };
    let off = 0;
    const header: Record<string, unknown> = {};
    for (const t of tags) { header[t.toLowerCase()] = { dtype: t, shape: [2], data_offsets: [off, off + 2 * size[t]] }; off += 2 * size[t]; }
    return craftSafetensors(JSON.stringify(header), Uint8Array.from({ length: off }, (_, i) => (i * 37) % 200));
  })(),
];


const SIZES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, U16: 2, U32: 4, U64: 8, BOOL: 1 };

/** The reference reading: element values straight from the bytes (no validation). */
function oracle(bytes: Uint8Array, name: string): { shape: number[]; values: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
  const e = Object.entries(header).find(([k]) => k === name)![1];
  const size = SIZES[e.dtype]!, at = 8 + n + e.data_offsets[0]!;
  const count = (e.data_offsets[1]! - e.data_offsets[0]!) / size;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const o = at + i * size;
    const get: Record<string, () => number> = {
      F64: () => view.getFloat64(o, true), F32: () => view.getFloat32(o, true),
      F16: () => new DataView(Float32Array.of(0).buffer).getFloat32(0) + half(view.getUint16(o, true)),
      BF16: () => { const d = new DataView(new ArrayBuffer(4)); d.setUint16(0, view.getUint16(o, true)); return d.getFloat32(0); },
      I64: () => Number(view.getBigInt64(o, true)), U64: () => Number(view.getBigUint64(o, true)),
      I32: () => view.getInt32(o, true), U32: () => view.getUint32(o, true), I16: () => view.getInt16(o, true),
      U16: () => view.getUint16(o, true), I8: () => view.getInt8(o), U8: () => view.getUint8(o), BOOL: () => (view.getUint8(o) ? 1 : 0),
    };
    values.push(get[e.dtype]!());
  }
  return { shape: e.shape, values };
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  return e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
}

const headerOf = (b: Uint8Array): string => b.length < 8 ? '' : new TextDecoder().decode(b.subarray(8, 8 + Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true))));
const dataOf = (b: Uint8Array): Uint8Array => b.length < 8 ? b : b.subarray(8 + Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true)));

const wild = fc.oneof(
  fc.integer({ min: -3, max: 40 }), fc.constantFrom(1e300, 2 ** 53, 2 ** 31, 2 ** 32, -0.5, 1.5, NaN, Infinity),
  fc.constantFrom('F32', 'U8', 'toString', '__proto__', 'constructor', ''), fc.constant(null), fc.boolean(),
);

/** A mutation of a base file. */
const mutation: fc.Arbitrary<(b: Uint8Array) => Uint8Array> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([p, x]) => (b: Uint8Array) => { const c = b.slice(); c[p % c.length]! ^= x; return c; }),
  fc.nat().map((p) => (b: Uint8Array) => b.slice(0, p % (b.length + 1))),
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 16 })).map(([p, ins]) => (b: Uint8Array) => {
    const at = p % (b.length + 1);
    return Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)]);
  }),
  fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: 400n })).map((n) => (b: Uint8Array) => {
    if (b.length < 8) return b;
    const c = b.slice(); new DataView(c.buffer).setBigUint64(0, n, true); return c;
  }),
  // header edits: one field of one entry (or the entry's name) replaced by a wild value
  fc.tuple(fc.nat(), fc.constantFrom('dtype', 'shape', 'data_offsets', 'name', 'shape[0]', 'shape[1]', 'data_offsets[1]'), wild).map(([k, field, v]) => (b: Uint8Array) => {
    let header: Record<string, Record<string, unknown>>;
    try { header = JSON.parse(headerOf(b)) as Record<string, Record<string, unknown>>; } catch { return b; } // already broken
    const names = Object.keys(header).filter((n) => n !== '__metadata__');
    const e = header[names[k % Math.max(1, names.length)] ?? ''];
    if (typeof e !== 'object' || e === null) return b;
    const name = names[k % names.length]!;
    if (field === 'name') { delete header[name]; Object.defineProperty(header, String(v), { value: e, enumerable: true, configurable: true, writable: true }); }
    else if (field.endsWith(']')) { const arr = e[field.slice(0, -3)]; if (Array.isArray(arr)) arr[Number(field.at(-2))] = v; }
    else e[field] = v;
    return craftSafetensors(JSON.stringify(header), dataOf(b));
  }),
);

describe('fuzzing the safetensors reader', () => {
  it('mutated files load exactly or raise a safetensors error, within memory bounds', () => {
    fc.assert(fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, muts) => {
      const bytes = muts.reduce((b, m) => m(b), bases[which]!);
      const before = process.memoryUsage().arrayBuffers;
      let sd: nn.StateDict;
      try {
        sd = nn.deserialize(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        const err = e as Error;
        expect(err.constructor).toBe(Error); // no TypeError/RangeError from inside
        expect(err.message).toMatch(/^safetensors: /);
        expect(err.message).not.toMatch(/is not a function|Cannot read properties|Invalid typed array|out of bounds|Maximum call stack/);
        return;
      } finally {
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(Math.max(64 << 20, 16 * bytes.length));
      }
      const names = Object.keys(JSON.parse(headerOf(bytes)) as object).filter((k) => k !== '__metadata__');
      expect(Object.keys(sd).sort()).toEqual(names.sort()); // nothing dropped (a tensor named __proto__)
      for (const [name, t] of Object.entries(sd)) {
        expect(t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)).toBe(true);
        const want = oracle(bytes, name);
        expect(t.shape).toEqual(want.shape);
        const got = Array.from(t.toTypedArray(), Number);
        expect(got.length).toBe(want.shape.reduce((a, d) => a * d, 1));
        expect(got).toEqual(t.dtype === 'float32' ? want.values.map(Math.fround) : want.values);
      }
    }), { seed: 14, numRuns: 1500 });
  });
});
