/**
 * The safetensors format in memory (works in browsers): an 8-byte little-endian header length,
 * a JSON header of {name: {dtype, shape, data_offsets}} (plus optional "__metadata__"), then the
 * raw little-endian data. Files written here load with PyTorch's safetensors and back.
 */
import { Tensor, type DType, type TypedArray } from '@torchlet/core';
import type { StateDict } from './module';
import { checkLayout, dtypeName, ELEMENT_SIZE, fail, MAX_HEADER, parseHeader, shapeOf, type Header } from './safetensors-header';

/** serialize / save's options. */
export interface SerializeOptions {
  /** String key/values stored under "__metadata__". */
  metadata?: Record<string, string>;
}

/** deserialize / load's options. */
export interface DeserializeOptions {
  /** Only these tensors are decoded (the whole header is still checked); a name not in the file throws. */
  keys?: readonly string[];
}

/** The safetensors tag each torchlet dtype is written as (no widening). */
const WRITE_DTYPE: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', int64: 'I64', bool: 'BOOL', float16: 'F16', bfloat16: 'BF16',
  uint8: 'U8', int8: 'I8', int16: 'I16' };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Elements converted per chunk when writing, so no buffer is larger than 64 MiB (or the tensor). */
const CHUNK_ELEMENTS = 1 << 23;

/** A state dict laid out for writing: the header bytes, then each tensor's data in order. */
export interface SerializePlan {
  header: Uint8Array;
  tensors: Tensor[];
  dataBytes: number;
}

export function planSerialize(stateDict: StateDict | ReadonlyMap<string, Tensor>, opts: SerializeOptions): SerializePlan {
  const raw: [string, unknown][] = isMap(stateDict) ? [...stateDict.entries()] : Object.entries(stateDict);
  const entries: [string, Tensor][] = [];
  for (const [name, t] of raw) {
    if (!(t instanceof Tensor)) throw new TypeError(`serialize: '${name}' is not a Tensor`);
    if (name === '__metadata__') throw new Error("serialize: '__metadata__' is reserved for metadata");
    entries.push([name, t]);
  }
  const meta = opts.metadata;
  if (meta !== undefined) {
    for (const [k, v] of Object.entries(meta)) if (typeof v !== 'string') throw new TypeError(`serialize: metadata '${k}' is not a string`);
  }
  const size = (t: Tensor): number => ELEMENT_SIZE.get(WRITE_DTYPE[t.dtype])!;
  entries.sort(([a, ta], [b, tb]) => size(tb) - size(ta) || (a < b ? -1 : a > b ? 1 : 0));
  // the JSON is assembled entry by entry: names never become object keys (`__proto__` stays a name)
  const parts: string[] = meta !== undefined ? [`"__metadata__":${JSON.stringify(meta)}`] : [];
  let offset = 0;
  for (const [name, t] of entries) {
    const n = t.numel() * size(t);
    parts.push(`${JSON.stringify(name)}:{"dtype":"${WRITE_DTYPE[t.dtype]}","shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${offset + n}]}`);
    offset += n;
  }
  let json = `{${parts.join(',')}}`;
  const encoder = new TextEncoder();
  let header = encoder.encode(json);
  if (header.length % 8 !== 0) {
    json += ' '.repeat(8 - (header.length % 8));
    header = encoder.encode(json);
  }
  return { header, tensors: entries.map(([, t]) => t), dataBytes: offset };
}

/** The 8-byte little-endian length prefix. */
export function lengthPrefix(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

/** Passes a tensor's file bytes to `emit` in chunks of at most 64 MiB (the chunk is reused). */
export function emitTensorBytes(t: Tensor, emit: (chunk: Uint8Array) => void): void {
  const values = t.contiguous().toTypedArray();
  const tag = WRITE_DTYPE[t.dtype];
  // float16/bfloat16 read as their bit patterns (a Uint16Array), uint8/int8/int16 as themselves: the bytes as they are.
  if (LITTLE_ENDIAN && (tag === 'F32' || tag === 'F64' || tag === 'F16' || tag === 'BF16' || tag === 'U8' || tag === 'I8' || tag === 'I16')) {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    const step = CHUNK_ELEMENTS * 8;
    for (let p = 0; p < bytes.length; p += step) emit(bytes.subarray(p, p + step));
    return;
  }
  const size = ELEMENT_SIZE.get(tag)!;
  const buf = new Uint8Array(Math.min(values.length, CHUNK_ELEMENTS) * size);
  const view = new DataView(buf.buffer);
  for (let start = 0; start < values.length; start += CHUNK_ELEMENTS) {
    const count = Math.min(CHUNK_ELEMENTS, values.length - start);
    for (let j = 0; j < count; j++) {
      const v = values[start + j]!;
      switch (tag) {
        case 'F32': view.setFloat32(4 * j, v, true); break;
        case 'F64': view.setFloat64(8 * j, v, true); break;
        case 'I64': view.setBigInt64(8 * j, BigInt(v), true); break;
        case 'I32': view.setInt32(4 * j, v, true); break;
        case 'F16': case 'BF16': view.setUint16(2 * j, v, true); break;
        case 'U8': view.setUint8(j, v); break;
        case 'I8': view.setInt8(j, v); break;
        case 'I16': view.setInt16(2 * j, v, true); break;
        default: buf[j] = v ? 1 : 0;
      }
    }
    emit(buf.subarray(0, count * size));
  }
}

/**
 * The safetensors bytes of a state dict (tensors ordered by element size, then name, so every
 * tensor's data is aligned).
 * @example const bytes = serialize(model.stateDict());
 */
export function serialize(stateDict: StateDict | ReadonlyMap<string, Tensor>, opts: SerializeOptions = {}): Uint8Array<ArrayBuffer> {
  const plan = planSerialize(stateDict, opts);
  const out = new Uint8Array(8 + plan.header.length + plan.dataBytes);
  out.set(lengthPrefix(plan.header.length), 0);
  out.set(plan.header, 8);
  let p = 8 + plan.header.length;
  for (const t of plan.tensors) emitTensorBytes(t, (c) => { out.set(c, p); p += c.length; });
  return out;
}

/** The bytes behind an ArrayBuffer or any typed array / DataView, as a Uint8Array over the same memory. */
export function asBytes(data: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

/** Whether v is bytes in any of the forms asBytes takes. */
export function isBytes(v: unknown): v is ArrayBufferLike | ArrayBufferView {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer);
}

function isMap(v: unknown): v is ReadonlyMap<string, unknown> {
  return v instanceof Map;
}

/** Reads the length prefix (of a file of `size` bytes) and checks it; returns the header length. */
export function headerLength(prefix: Uint8Array, size: number): number {
  if (size < 8) fail(`file too short (${size} bytes): no 8-byte header length`);
  const n = Number(new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true));
  if (n > MAX_HEADER) fail(`header length ${n} is larger than the limit (${MAX_HEADER} bytes)`);
  if (8 + n > size) fail(`truncated file: the header needs ${n} bytes but only ${size - 8} follow the length`);
  return n;
}

/** The entries to decode: all (file order), or the requested names. */
export function selectEntries(h: Header, keys: readonly string[] | undefined): number[] {
  if (keys === undefined) return h.names.map((_, i) => i); // duplicates are found by putTensor
  const index = new Map<string, number>();
  for (let i = 0; i < h.names.length; i++) {
    const name = h.names[i]!;
    if (index.has(name)) fail(`duplicate entry '${name}' in the header`);
    index.set(name, i);
  }
  return keys.map((k) => {
    const i = index.get(k);
    if (i === undefined) fail(`no tensor named '${k}' in the file`);
    return i;
  });
}

/** Sets out[name] = t, refusing a name the file holds twice. */
export function putTensor(out: StateDict, name: string, t: Tensor): void {
  if (out[name] !== undefined) fail(`duplicate entry '${name}' in the header`);
  out[name] = t;
}

/** Decodes entry `i` from exactly its data bytes. */
export function decode(h: Header, i: number, bytes: Uint8Array): Tensor {
  const tag = dtypeName(h, i), shape = shapeOf(h, i);
  const size = ELEMENT_SIZE.get(tag)!;
  const n = bytes.length / size;
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out: TypedArray;
  let dtype: DType;
  // a fresh copy is aligned for the typed array view; tiny tensors stay on the heap (cheaper)
  const whole = LITTLE_ENDIAN && bytes.length > 64;
  if (whole && tag === 'F32') { out = new Float32Array(bytes.slice().buffer); dtype = 'float32'; }
  else if (whole && tag === 'F64') { out = new Float64Array(bytes.slice().buffer); dtype = 'float64'; }
  else if (tag === 'F32') { out = new Float32Array(n); dtype = 'float32'; for (let k = 0; k < n; k++) out[k] = data.getFloat32(4 * k, true); }
  else if (tag === 'F64') { out = new Float64Array(n); dtype = 'float64'; for (let k = 0; k < n; k++) out[k] = data.getFloat64(8 * k, true); }
  else if (tag === 'F16' || tag === 'BF16') { // kept as they are: float16 / bfloat16 bit patterns
    out = new Uint16Array(n); dtype = tag === 'F16' ? 'float16' : 'bfloat16';
    for (let k = 0; k < n; k++) out[k] = data.getUint16(2 * k, true);
  } else if (tag === 'BOOL') { out = new Uint8Array(n); dtype = 'bool'; for (let k = 0; k < n; k++) out[k] = bytes[k] ? 1 : 0; }
  else if (tag === 'I64' || tag === 'U64') { out = readInt64(h.names[i]!, tag, data, n); dtype = 'int64'; }
  // uint8 / int8 / int16 as they are (no widening)
  else if (tag === 'U8') { out = bytes.slice(); dtype = 'uint8'; }
  else if (tag === 'I8') { out = new Int8Array(bytes.slice().buffer); dtype = 'int8'; }
  else if (tag === 'I16') { out = new Int16Array(n); dtype = 'int16'; for (let k = 0; k < n; k++) out[k] = data.getInt16(2 * k, true); }
  else {
    out = new Int32Array(n); dtype = 'int32';
    for (let k = 0; k < n; k++) {
      const v = readInt(tag, data, k * size);
      if (v < -2147483648 || v > 2147483647) fail(`tensor '${h.names[i]}': ${tag} value ${v} does not fit in int32`);
      out[k] = v;
    }
  }
  return Tensor.fromData(out, shape, dtype);
}

const INT64_EXACT = 2 ** 53;

/** I64 (or U64) data as torchlet's int64: exact integers in doubles, an error naming the tensor past 2^53. */
function readInt64(name: string, tag: string, d: DataView, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const b = tag === 'I64' ? d.getBigInt64(8 * k, true) : d.getBigUint64(8 * k, true);
    const v = Number(b);
    if (Math.abs(v) > INT64_EXACT || BigInt(v) !== b) {
      fail(`tensor '${name}': ${tag} value ${b} cannot be converted to type int64 without overflow (torchlet's int64 holds integers up to 2^53 exactly)`);
    }
    out[k] = v;
  }
  return out;
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


/**
 * Parses safetensors bytes into a state dict (I64 data becomes int64, F16/BF16 float16/bfloat16, U8/I8/I16 uint8/int8/int16, U16/U32 int32).
 * Everything is validated first: a truncated or corrupt buffer throws a clear error. The result
 * has a null prototype, so any tensor name (`__proto__` too) is an ordinary key.
 * `bytes` is a Uint8Array, an ArrayBuffer or any typed array (for a Blob: `await blob.arrayBuffer()`).
 * @example model.loadStateDict(deserialize(await (await fetch(url)).arrayBuffer()));
 */
export function deserialize(bytes: ArrayBufferLike | ArrayBufferView, opts: DeserializeOptions = {}): StateDict {
  return deserializeWithMetadata(bytes, opts).tensors;
}

/** deserialize, also returning the "__metadata__" strings (a null-prototype object). */
export function deserializeWithMetadata(data: ArrayBufferLike | ArrayBufferView, opts: DeserializeOptions = {}): {
  /** The tensors by name. */
  tensors: StateDict;
  /** The "__metadata__" strings. */
  metadata: Record<string, string>;
} {
  if (!isBytes(data)) throw new TypeError(`deserialize: expected bytes (Uint8Array, ArrayBuffer), got ${data === null ? 'null' : typeof data}`);
  const bytes = asBytes(data);
  const n = headerLength(bytes, bytes.length);
  const h = parseHeader(bytes.subarray(8, 8 + n));
  const start = 8 + n;
  checkLayout(h, bytes.length - start);
  const tensors = Object.create(null) as StateDict;
  for (const i of selectEntries(h, opts.keys)) putTensor(tensors, h.names[i]!, decode(h, i, bytes.subarray(start + h.begins[i]!, start + h.ends[i]!)));
  return { tensors, metadata: h.metadata };
}
