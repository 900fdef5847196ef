/**
 * torch.save's format in memory (works in browsers): a zip archive of `archive/data.pkl` (a
 * protocol-2 pickle whose tensors are `torch._utils._rebuild_tensor_v2` calls on persistent
 * storage ids), `archive/byteorder`, one raw little-endian record `archive/data/<key>` per
 * storage, and `archive/version`. Files written here load in PyTorch with
 * `torch.load(f, weights_only=True)`; tensors that share storage are saved once, as views.
 */
import { Tensor, type Storage } from '@torchlet/core';
import { Parameter } from './parameter';
import { PickleWriter } from './pickle';
import { writeArchive } from './torch-save-zip';

/** PyTorch's legacy storage class per torchlet dtype (its element size). */
const STORAGE: Readonly<Record<string, readonly [string, number]>> = {
  float32: ['FloatStorage', 4], float64: ['DoubleStorage', 8], int32: ['IntStorage', 4], int64: ['LongStorage', 8],
  bool: ['BoolStorage', 1], float16: ['HalfStorage', 2], bfloat16: ['BFloat16Storage', 2],
  uint8: ['ByteStorage', 1], int8: ['CharStorage', 1], int16: ['ShortStorage', 2],
};
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** The serialization format version torch >= 1.6 writes and reads (archive/version). */
const FORMAT_VERSION = '3\n';

/** The tensors sharing one storage: saved as one record covering [start, start + numel). */
interface StorageGroup {
  storage: Storage;
  dtype: string;
  start: number;
  numel: number;
  key?: string;
}

/** Where a tensor's elements lie in its storage; null for no elements. */
function extent(t: Tensor): [number, number] | null {
  if (t.numel() === 0) return null;
  let hi = t.offset;
  for (let d = 0; d < t.shape.length; d++) hi += (t.shape[d]! - 1) * t.strides[d]!;
  return [t.offset, hi + 1];
}

/** Walks the object (cycles allowed) for tensors and optimizer state dicts, before anything is written. */
function survey(root: unknown): { groups: Map<Tensor, StorageGroup>; intKeyed: Set<object> } {
  const byStorage = new Map<Storage, Map<string, StorageGroup>>();
  const groups = new Map<Tensor, StorageGroup>();
  const intKeyed = new Set<object>();
  const seen = new Set<object>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor) {
      if (STORAGE[v.dtype] === undefined) throw new TypeError(`torchSave: ${v.dtype} tensors cannot be saved yet`);
      if (v.strides.some((s) => s < 0)) throw new RangeError('torchSave: negative strides are not supported by PyTorch');
      let perDtype = byStorage.get(v.storage);
      if (perDtype === undefined) byStorage.set(v.storage, (perDtype = new Map<string, StorageGroup>()));
      let g = perDtype.get(v.dtype);
      if (g === undefined) perDtype.set(v.dtype, (g = { storage: v.storage, dtype: v.dtype, start: Infinity, numel: 0 }));
      const span = extent(v);
      if (span !== null) {
        const end = g.start === Infinity ? span[1] : Math.max(g.start + g.numel, span[1]);
        g.start = Math.min(g.start, span[0]);
        g.numel = end - g.start;
      }
      groups.set(v, g);
    } else if (ArrayBuffer.isView(v)) continue;
    else if (Array.isArray(v) || v instanceof Set) for (const x of v) todo.push(x);
    else if (v instanceof Map) for (const [k, x] of v) todo.push(k, x);
    else {
      const state: unknown = Reflect.get(v, 'state');
      if ('param_groups' in v && typeof state === 'object' && state !== null && !Array.isArray(state)) intKeyed.add(state);
      for (const x of Object.values(v)) todo.push(x);
    }
  }
  for (const g of groups.values()) if (g.start === Infinity) g.start = 0;
  return { groups, intKeyed };
}

/** The little-endian bytes of a storage group's elements. */
function storageBytes(g: StorageGroup): Uint8Array {
  const read = new Tensor(g.storage, [g.numel], [1], g.start, g.dtype as Tensor['dtype']).toTypedArray();
  // int64 is held as exact doubles: written as two's complement int64.
  const values = g.dtype === 'int64' ? BigInt64Array.from(read, (v) => BigInt(v)) : read;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN || values.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const size = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j]!;
  return out;
}

/**
 * The bytes `torch.save(obj, f)` would write: state dicts (of modules and optimizers), tensors,
 * and containers of them (arrays -> lists, frozen arrays -> tuples, plain objects and Maps ->
 * dicts, Sets -> sets; numbers -> int when integral, else float). The keys of an optimizer
 * state dict's `state` are written as ints, as PyTorch's optimizers need. float32/float64/int32/
 * bool tensors become Float/Double/Int/BoolStorage; tensors sharing storage stay views of one
 * storage record (only the part they cover is written).
 * @example const bytes = torchSerialize(model.stateDict());
 */
export function torchSerialize(obj: unknown): Uint8Array<ArrayBuffer> {
  const { groups, intKeyed } = survey(obj);
  const records: [string, Uint8Array][] = [];
  const writeTensor = (t: Tensor, w: PickleWriter): void => {
    const g = groups.get(t);
    if (g === undefined) throw new Error('torchSave: a tensor was not found in the survey'); // unreachable: survey saw every tensor
    const [storageName] = STORAGE[g.dtype]!;
    if (g.key === undefined) {
      g.key = String(records.length);
      records.push([g.key, storageBytes(g)]);
    }
    const key = g.key;
    w.global('torch._utils', '_rebuild_tensor_v2');
    w.tuple([
      () => {
        w.tuple([() => w.str('storage'), () => w.global('torch', storageName), () => w.str(key), () => w.str('cpu'), () => w.int(g.numel)]);
        w.persistentId();
      },
      () => w.int(t.numel() === 0 ? 0 : t.offset - g.start),
      () => w.tuple(t.shape.map((d) => () => w.int(d))),
      () => w.tuple(t.strides.map((s) => () => w.int(s))),
      () => w.value(t.requiresGrad && !(t instanceof Parameter), ''),
      () => { w.global('collections', 'OrderedDict'); w.tuple([]); w.reduce(); },
    ]);
    w.reduce();
  };
  const w = new PickleWriter(
    (v, writer) => {
      if (!(v instanceof Tensor)) return false;
      if (v instanceof Parameter) {
        // PyTorch's Parameter.__reduce_ex__: _rebuild_parameter(data, requires_grad, OrderedDict())
        writer.global('torch._utils', '_rebuild_parameter');
        writer.tuple([
          () => writeTensor(v, writer),
          () => writer.value(v.requiresGrad, ''),
          () => { writer.global('collections', 'OrderedDict'); writer.tuple([]); writer.reduce(); },
        ]);
        writer.reduce();
      } else writeTensor(v, writer);
      writer.put(v);
      return true;
    },
    (dict) => intKeyed.has(dict),
  );
  w.value(obj, '');
  const pickle = w.finish();
  return writeArchive([
    ['archive/data.pkl', pickle],
    ['archive/byteorder', new TextEncoder().encode('little')],
    ...records.map(([key, data]): [string, Uint8Array] => [`archive/data/${key}`, data]),
    ['archive/version', new TextEncoder().encode(FORMAT_VERSION)],
  ]);
}
