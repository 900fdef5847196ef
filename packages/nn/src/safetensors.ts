/**
 * The safetensors format in memory (works in browsers): an 8-byte little-endian header length,
 * a JSON header of {name: {dtype, shape, data_offsets}} (plus optional "__metadata__"), then the
 * raw little-endian data. Files written here load with PyTorch's safetensors and back.
 */
import { Tensor, type DType, type TypedArray } from '@torchlet/core';
import type { StateDict } from './module';

const MAX_HEADER = 100_000_000;
const ELEMENT_SIZE: Record<string, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, U16: 2, U32: 4, U64: 8, BOOL: 1,
};

export interface SerializeOptions {
  /** String key/values stored under "__metadata__". */
  metadata?: Record<string, string>;
}

/** Tensors of a torchlet dtype are written as: int32 stands in for PyTorch's Long, so it is I64. */
const WRITE_DTYPE: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I64', bool: 'BOOL' };

function bytesOf(t: Tensor): Uint8Array {
  const values = t.contiguous().toTypedArray();
  const tag = WRITE_DTYPE[t.dtype];
  const out = new Uint8Array(values.length * ELEMENT_SIZE[tag]!);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    switch (tag) {
      case 'F32': view.setFloat32(4 * i, v, true); break;
      case 'F64': view.setFloat64(8 * i, v, true); break;
      case 'I64': view.setInt32(8 * i, v, true); view.setInt32(8 * i + 4, v < 0 ? -1 : 0, true); break;
      default: out[i] = v ? 1 : 0;
    }
  }
  return out;
}

/**
 * The safetensors bytes of a state dict (tensors ordered by element size, then name, so every
 * tensor's data is aligned).
 * @example const bytes = serialize(model.stateDict());
 */
export function serialize(stateDict: StateDict | ReadonlyMap<string, Tensor>, opts: SerializeOptions = {}): Uint8Array {
  const raw: [string, unknown][] = isMap(stateDict) ? [...stateDict.entries()] : Object.entries(stateDict);
  const entries: [string, Tensor][] = [];
  for (const [name, t] of raw) {
    if (!(t instanceof Tensor)) throw new TypeError(`serialize: '${name}' is not a Tensor`);
    if (name === '__metadata__') throw new Error("serialize: '__metadata__' is reserved for metadata");
    entries.push([name, t]);
  }
  entries.sort(([a, ta], [b, tb]) => ELEMENT_SIZE[WRITE_DTYPE[tb.dtype]]! - ELEMENT_SIZE[WRITE_DTYPE[ta.dtype]]! || (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (opts.metadata) header.__metadata__ = opts.metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    const data = bytesOf(t);
    header[name] = { dtype: WRITE_DTYPE[t.dtype], shape: t.shape.slice(), data_offsets: [offset, offset + data.length] };
    chunks.push(data);
    offset += data.length;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(json);
  if (headerBytes.length % 8 !== 0) {
    json += ' '.repeat(8 - (headerBytes.length % 8));
    headerBytes = encoder.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let p = 8 + headerBytes.length;
  for (const c of chunks) { out.set(c, p); p += c.length; }
  return out;
}

function isMap(v: unknown): v is ReadonlyMap<string, unknown> {
  return v instanceof Map;
}

interface Entry { name: string; dtype: string; shape: number[]; begin: number; end: number }

function fail(msg: string): never {
  throw new Error(`safetensors: ${msg}`);
}

function parseHeader(bytes: Uint8Array): [Entry[], number, Record<string, string>] {
  if (bytes.length < 8) fail(`file too short (${bytes.length} bytes): no 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > MAX_HEADER) fail(`header length ${n} is larger than the limit (${MAX_HEADER} bytes)`);
  if (8 + n > bytes.length) fail(`truncated file: the header needs ${n} bytes but only ${bytes.length - 8} follow the length`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(`invalid JSON header (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header is not a JSON object');
  const entries: Entry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null || Object.values(info).some((v) => typeof v !== 'string')) fail('__metadata__ must map strings to strings');
      metadata = info as Record<string, string>;
      continue;
    }
    if (typeof info !== 'object' || info === null) fail(`entry '${name}' is not an object`);
    const { dtype, shape, data_offsets: offs } = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string') fail(`tensor '${name}' has no dtype`);
    if (!(dtype in ELEMENT_SIZE)) fail(`tensor '${name}' has unknown dtype '${dtype}'`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) fail(`tensor '${name}' has an invalid shape`);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isInteger(o) && (o as number) >= 0)) {
      fail(`tensor '${name}' has invalid data_offsets`);
    }
    const dims = shape as number[];
    const [begin, end] = offs as [number, number];
    const want = dims.reduce((a, b) => a * b, 1) * ELEMENT_SIZE[dtype]!;
    if (end < begin || end - begin !== want) fail(`tensor '${name}' of dtype ${dtype} and shape [${dims.join(', ')}] needs ${want} bytes but data_offsets span ${end - begin}`);
    entries.push({ name, dtype, shape: dims, begin, end });
  }
  return [entries, 8 + n, metadata];
}

function decode(e: Entry, data: DataView): Tensor {
  const n = e.shape.reduce((a, b) => a * b, 1);
  const size = ELEMENT_SIZE[e.dtype]!;
  let out: TypedArray;
  let dtype: DType;
  const at = (i: number): number => e.begin + i * size;
  switch (e.dtype) {
    case 'F32': out = new Float32Array(n); dtype = 'float32'; for (let i = 0; i < n; i++) out[i] = data.getFloat32(at(i), true); break;
    case 'F64': out = new Float64Array(n); dtype = 'float64'; for (let i = 0; i < n; i++) out[i] = data.getFloat64(at(i), true); break;
    case 'F16': case 'BF16':
      out = new Float32Array(n); dtype = 'float32';
      for (let i = 0; i < n; i++) out[i] = e.dtype === 'F16' ? half(data.getUint16(at(i), true)) : bf16(data.getUint16(at(i), true));
      break;
    case 'BOOL': out = new Uint8Array(n); dtype = 'bool'; for (let i = 0; i < n; i++) out[i] = data.getUint8(at(i)) ? 1 : 0; break;
    default: {
      out = new Int32Array(n); dtype = 'int32';
      for (let i = 0; i < n; i++) {
        const v = readInt(e.dtype, data, at(i));
        if (v < -2147483648 || v > 2147483647) fail(`tensor '${e.name}': ${e.dtype} value ${v} does not fit in int32`);
        out[i] = v;
      }
    }
  }
  return Tensor.fromData(out, e.shape.slice(), dtype);
}

function readInt(dtype: string, d: DataView, o: number): number {
  switch (dtype) {
    case 'I64': return Number(d.getBigInt64(o, true));
    case 'U64': return Number(d.getBigUint64(o, true));
    case 'I32': return d.getInt32(o, true);
    case 'U32': return d.getUint32(o, true);
    case 'I16': return d.getInt16(o, true);
    case 'U16': return d.getUint16(o, true);
    case 'I8': return d.getInt8(o);
    default: return d.getUint8(o);
  }
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function bf16(b: number): number {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, b << 16);
  return v.getFloat32(0);
}

/**
 * Parses safetensors bytes into a state dict (int64 data becomes int32, halves become float32).
 * Everything is validated first: a truncated or corrupt buffer throws a clear error.
 * @example model.loadStateDict(deserialize(new Uint8Array(await (await fetch(url)).arrayBuffer())));
 */
export function deserialize(bytes: Uint8Array): StateDict {
  return deserializeWithMetadata(bytes).tensors;
}

/** deserialize, also returning the "__metadata__" strings. */
export function deserializeWithMetadata(bytes: Uint8Array): { tensors: StateDict; metadata: Record<string, string> } {
  const [entries, start, metadata] = parseHeader(bytes);
  const dataLen = bytes.length - start;
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin);
  let pos = 0;
  for (const e of sorted) {
    if (e.end > dataLen) fail(`truncated file: tensor '${e.name}' needs bytes [${e.begin}, ${e.end}) but the data section has ${dataLen} bytes`);
    if (e.begin !== pos) fail(`tensor '${e.name}' starts at byte ${e.begin}, expected ${pos} (overlapping or missing data)`);
    pos = e.end;
  }
  if (pos !== dataLen) fail(`${dataLen - pos} unexpected bytes after the last tensor`);
  const data = new DataView(bytes.buffer, bytes.byteOffset + start, dataLen);
  const tensors: StateDict = {};
  for (const e of entries) tensors[e.name] = decode(e, data);
  return { tensors, metadata };
}
