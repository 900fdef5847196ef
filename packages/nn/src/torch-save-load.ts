/**
 * torch.load for the zip format torch >= 1.6 writes, in memory (works in browsers). The pickle
 * is read by an allow-list unpickler (./unpickle), so no code from the file ever runs.
 */
import { Tensor, isFloating, type DType, type TypedArray } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Parameter } from './parameter';
import { isDict, Poison, TorchGlobal, unpickle } from './unpickle';
import { readArchive, type Archive } from './torch-save-zip';

/** torch.load's keyword arguments (camelCased). */
export interface TorchLoadOptions {
  /** Where tensors go; only 'cpu' exists (PyTorch's map_location). */
  mapLocation?: unknown;
  /** Always true here: torchlet never executes pickled code (false is refused). */
  weightsOnly?: boolean;
}

/** How each PyTorch storage type's elements are read, and the torchlet dtype they load as. */
const STORAGES: Readonly<Record<string, readonly [size: number, dtype: DType]>> = {
  FloatStorage: [4, 'float32'], DoubleStorage: [8, 'float64'], HalfStorage: [2, 'float16'], BFloat16Storage: [2, 'bfloat16'],
  IntStorage: [4, 'int32'], LongStorage: [8, 'int64'], ShortStorage: [2, 'int16'], CharStorage: [1, 'int8'], ByteStorage: [1, 'uint8'],
  BoolStorage: [1, 'bool'],
};
const INT64_EXACT = 2n ** 53n;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** torch.save's legacy (torch < 1.6) files begin with a pickled magic number: PROTO 2, LONG1 10 bytes. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

function fail(msg: string): never {
  throw new Error(`torchLoad: ${msg}`);
}

/** A storage record, decoded once and shared by every tensor that views it. */
class LoadedStorage {
  constructor(readonly key: string, readonly base: Tensor | null, readonly poison: Poison | null) {}
}


/** Decodes a storage record (little-endian) into a torchlet dtype's array; int64 past 2^53 gives a Poison. */
function decodeStorage(type: string, key: string, bytes: Uint8Array, numel: number): LoadedStorage {
  const [size, dtype] = STORAGES[type]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const aligned = LITTLE_ENDIAN && bytes.byteOffset % size === 0;
  let out: TypedArray;
  if (type === 'FloatStorage') out = aligned ? new Float32Array(bytes.buffer, bytes.byteOffset, numel) : Float32Array.from({ length: numel }, (_, i) => view.getFloat32(4 * i, true));
  else if (type === 'DoubleStorage') out = aligned ? new Float64Array(bytes.buffer, bytes.byteOffset, numel) : Float64Array.from({ length: numel }, (_, i) => view.getFloat64(8 * i, true));
  else if (type === 'IntStorage') out = aligned ? new Int32Array(bytes.buffer, bytes.byteOffset, numel) : Int32Array.from({ length: numel }, (_, i) => view.getInt32(4 * i, true));
  else if (type === 'BoolStorage') out = bytes.map((b) => (b ? 1 : 0));
  // float16 / bfloat16: their bit patterns as they are.
  else if (type === 'HalfStorage' || type === 'BFloat16Storage') out = Uint16Array.from({ length: numel }, (_, i) => view.getUint16(2 * i, true));
  else if (type === 'LongStorage') {
    const ints = new Float64Array(numel);
    for (let i = 0; i < numel; i++) {
      const value = view.getBigInt64(8 * i, true);
      if (value > INT64_EXACT || value < -INT64_EXACT) {
        return new LoadedStorage(key, null, new Poison((where) => `tensor ${where} is int64 and holds ${value}, which cannot be converted `
          + "to type int64 without overflow (torchlet's int64 holds integers up to 2^53 exactly)"));
      }
      ints[i] = Number(value);
    }
    out = ints;
  } else if (type === 'ShortStorage') out = Int16Array.from({ length: numel }, (_, i) => view.getInt16(2 * i, true));
  else if (type === 'CharStorage') out = Int8Array.from({ length: numel }, (_, i) => view.getInt8(i));
  else out = bytes.slice(0, numel); // ByteStorage: uint8 as it is
  return new LoadedStorage(key, Tensor.fromData(out, [numel], dtype), null);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A tensor over a loaded storage, after checking that the view stays inside it. */
function view(storage: unknown, offset: unknown, size: unknown, stride: unknown, requiresGrad: unknown): unknown {
  if (storage instanceof Poison) return storage;
  if (!(storage instanceof LoadedStorage)) fail('a tensor is rebuilt from something that is not a storage');
  if (storage.poison !== null) return storage.poison;
  const base = storage.base!;
  if (!isCount(offset) || !Array.isArray(size) || !Array.isArray(stride) || !size.every(isCount) || !stride.every(isCount) || size.length !== stride.length) {
    fail(`a tensor on storage '${storage.key}' has an invalid offset, size or stride`);
  }
  const shape = size, strides = stride;
  let numel = 1, last = offset;
  for (let d = 0; d < shape.length; d++) { numel *= shape[d]!; last += (shape[d]! - 1) * strides[d]!; }
  if (!Number.isSafeInteger(numel)) fail(`a tensor on storage '${storage.key}' has too many elements`);
  const capacity = base.numel();
  if (numel === 0 ? offset > capacity : last >= capacity) {
    fail(`a tensor of size [${shape.join(', ')}] (offset ${offset}, strides [${strides.join(', ')}]) reaches past the ${capacity} elements of storage '${storage.key}'`);
  }
  const t = new Tensor(base.storage, shape.slice(), strides.slice(), offset, base.dtype);
  if (requiresGrad === true && isFloating(base.dtype)) t.requiresGrad_(true);
  return t;
}

/** The tensor rebuild functions of PyTorch's allow-list that a dense CPU tensor needs. */
function rebuild(fn: TorchGlobal, args: readonly unknown[]): unknown {
  const name = fn.path;
  if (name === 'torch._utils._rebuild_tensor_v2') return view(args[0], args[1], args[2], args[3], args[4]);
  if (name === 'torch._utils._rebuild_tensor') return view(args[0], args[1], args[2], args[3], false);
  if (name === 'torch._utils._rebuild_parameter' || name === 'torch._utils._rebuild_parameter_with_state' || name === 'torch.nn.parameter.Parameter') {
    const [data, requiresGrad, , state] = args;
    if (data instanceof Poison) return data;
    if (!(data instanceof Tensor)) fail(`${name} needs a tensor, got ${data === null ? 'None' : typeof data}`);
    if (state !== undefined && state !== null && !(isDict(state) && Object.keys(state).length === 0)) fail('parameters with extra Python attributes are not supported');
    return new Parameter(data, requiresGrad !== false);
  }
  if (name === 'torch._tensor._rebuild_from_type_v2') {
    // a Tensor/Parameter saved through __reduce_ex__ with a type: rebuild(args), then the type
    const [inner, type, innerArgs, state] = args;
    if (!(inner instanceof TorchGlobal) || !Array.isArray(innerArgs)) fail('_rebuild_from_type_v2 has malformed arguments');
    if (state !== undefined && state !== null && !(isDict(state) && Object.keys(state).length === 0)) fail('tensors with extra Python attributes are not supported');
    const t = rebuild(inner, innerArgs);
    if (!(type instanceof TorchGlobal) || (type.path !== 'torch.Tensor' && type.path !== 'torch.nn.parameter.Parameter')) fail(`tensor subclass ${String(type)} is not supported`);
    return type.path === 'torch.nn.parameter.Parameter' && t instanceof Tensor && !(t instanceof Parameter) ? new Parameter(t) : t;
  }
  const kind = name.includes('sparse') ? 'sparse tensors' : name.includes('qtensor') ? 'quantized tensors' : name.includes('meta') ? 'meta tensors' : 'this kind of tensor';
  return fail(`${name} is allowed by PyTorch's weights_only unpickler, but ${kind} are not supported here`);
}

/** Names the format when the bytes are not a zip checkpoint. */
function notZip(bytes: Uint8Array): never {
  const starts = (sig: readonly number[], at = 0): boolean => sig.every((b, i) => bytes[at + i] === b);
  if (starts(LEGACY_MAGIC)) {
    fail("this file is in PyTorch's legacy (non-zip) format, written by torch < 1.6 or torch.save(..., _use_new_zipfile_serialization=False); "
      + 'load it in PyTorch >= 1.6 and save it again with torch.save to convert it');
  }
  if (starts([0x75, 0x73, 0x74, 0x61, 0x72], 257)) fail("this file is in PyTorch's legacy tar format (torch <= 0.1.x), which is not supported; re-save it with torch >= 1.6");
  if (bytes[0] === 0x80) fail('this file is a bare pickle, not a torch.save checkpoint (it has no zip container)');
  if (bytes.length > 9 && bytes[8] === 0x7b) fail("this looks like a safetensors file: load it with nn.load (or nn.deserialize)");
  return fail(`not a PyTorch checkpoint: ${bytes.length < 4 ? `only ${bytes.length} bytes` : 'no zip signature'} (torch.save writes a zip archive)`);
}

/** The archive's data.pkl record and its directory prefix ('archive/'). */
function findPickle(archive: Archive): [string, Uint8Array] {
  const first = [...archive.keys()][0] ?? '';
  const prefix = first.includes('/') ? first.slice(0, first.indexOf('/') + 1) : '';
  const pkl = archive.get(`${prefix}data.pkl`);
  if (pkl !== undefined) return [prefix, pkl];
  const names = [...archive.keys()];
  if (names.some((n) => n.endsWith('constants.pkl') || n.includes('/code/'))) {
    fail('this is a TorchScript archive (torch.jit.save), not a torch.save checkpoint; in PyTorch, save its state_dict() with torch.save');
  }
  return fail(`the archive has no ${prefix}data.pkl record (records: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`);
}

/**
 * Loads the bytes of a `torch.save` file (torch >= 1.6): state dicts, tensors and containers
 * (dict -> null-prototype object, int keys as strings; list -> array; tuple -> frozen array; set
 * -> Set; None -> null). float16/bfloat16/uint8/int8/int16 tensors load as themselves, int64 as int64
 * (int64 values past 2^53 raise an error naming the key), and tensors sharing a storage in the
 * file share it here. Only what `torch.load(f, weights_only=True)` allows is read: anything else,
 * and any truncated or corrupt file, throws a clear error; nothing outside the result is changed.
 * @example model.loadStateDict(torchDeserialize(new Uint8Array(await (await fetch(url)).arrayBuffer())));
 */
export function torchDeserialize(bytes: Uint8Array, opts: TorchLoadOptions = {}): unknown {
  checkOptions('load', opts, ['mapLocation', 'weightsOnly']);
  if (opts.weightsOnly === false) throw new Error('torchLoad: weightsOnly: false is not supported: torchlet never executes code from a checkpoint');
  const where: unknown = opts.mapLocation;
  const device: unknown = typeof where === 'object' && where !== null ? Reflect.get(where, 'type') : where;
  if (where !== undefined && where !== null && device !== 'cpu') {
    throw new Error(`torchLoad: mapLocation ${typeof device === 'string' ? device : typeof device}: only 'cpu' tensors exist in torchlet`);
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5))) notZip(bytes);
  const archive = readArchive(bytes);
  const [prefix, pkl] = findPickle(archive);
  const order = archive.get(`${prefix}byteorder`);
  if (order !== undefined && new TextDecoder().decode(order) !== 'little') fail('big-endian checkpoints are not supported');
  const storages = new Map<string, LoadedStorage>();
  const persistentLoad = (pid: readonly unknown[]): LoadedStorage => {
    const [, type, key, location, numel] = pid;
    if (pid.length !== 5 || !(type instanceof TorchGlobal) || typeof key !== 'string' || typeof location !== 'string' || !isCount(numel)) {
      fail('a persistent id is not (storage, type, key, location, numel)');
    }
    const typeName = type.path.replace(/^torch\./, '');
    const spec = Object.hasOwn(STORAGES, typeName) ? STORAGES[typeName] : undefined;
    if (spec === undefined) fail(`storage type ${type.path} is not supported (torchlet loads float, double, half, bfloat16, int, long, short, char, byte and bool storages)`);
    const known = storages.get(key);
    if (known !== undefined) return known;
    const record = archive.get(`${prefix}data/${key}`);
    if (record === undefined) fail(`storage '${key}' has no record ${prefix}data/${key}: the file is truncated or corrupt`);
    if (record.length !== numel * spec[0]) fail(`storage '${key}' record holds ${record.length} bytes, but ${numel} elements of ${type.path} need ${numel * spec[0]}`);
    const loaded = decodeStorage(typeName, key, record, numel);
    storages.set(key, loaded);
    return loaded;
  };
  return unpickle(pkl, { persistentLoad, rebuild });
}
