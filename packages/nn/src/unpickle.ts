/**
 * An allow-list unpickler for the pickles inside PyTorch checkpoints: exactly the opcodes and
 * GLOBALs that PyTorch's `torch.load(..., weights_only=True)` accepts (torch/_weights_only_unpickler.py,
 * 2.x), so loading never runs code from the file. Python values become JavaScript ones as they
 * are built: dict -> null-prototype object (int keys as decimal strings), list -> array, tuple ->
 * frozen array, set -> Set, None -> null, int -> number (bigint past 2^53), str -> string,
 * bytes -> Uint8Array, dtype -> its name ('float32'), torch.device -> 'cpu'.
 */

/** A GLOBAL the allow-list admits, as a value on the pickle stack (`torch.FloatStorage`, ...). */
export class TorchGlobal {
  constructor(readonly path: string) {}
  toString(): string {
    return this.path;
  }
}

/** A value that could be read but not represented (an int64 value past int32): raised where it is stored. */
export class Poison {
  constructor(readonly describe: (where: string) => string) {}
}

/** Dicts the unpickler created; the pickler writes these back as OrderedDict. */
export const ORDERED_DICTS = new WeakSet<object>();

/** What the caller supplies: storages for persistent ids, and the tensor rebuild functions. */
export interface UnpickleHooks {
  persistentLoad(pid: readonly unknown[]): unknown;
  /** Called for REDUCE/NEWOBJ of a `torch._utils.*` / `torch.nn.parameter.Parameter` global. */
  rebuild(fn: TorchGlobal, args: readonly unknown[]): unknown;
}

const DTYPES = [
  'float16', 'float32', 'float64', 'bfloat16', 'complex32', 'complex64', 'complex128', 'uint8', 'int8', 'int16', 'int32',
  'int64', 'bool', 'qint8', 'quint8', 'qint32', 'quint4x2', 'quint2x4', 'float8_e5m2', 'float8_e4m3fn', 'float8_e5m2fnuz',
  'float8_e4m3fnuz', 'uint16', 'uint32', 'uint64', 'bits1x8', 'bits2x4', 'bits4x2', 'bits8', 'bits16',
  'uint1', 'uint2', 'uint3', 'uint4', 'uint5', 'uint6', 'uint7', 'int1', 'int2', 'int3', 'int4', 'int5', 'int6', 'int7',
];
const SCALAR_TYPES = ['Float', 'Double', 'Half', 'BFloat16', 'Long', 'Int', 'Short', 'Char', 'Byte', 'Bool', 'ComplexFloat', 'ComplexDouble', 'QUInt8', 'QInt8', 'QInt32', 'QUInt4x2', 'QUInt2x4'];
const REBUILDS = [
  '_rebuild_parameter', '_rebuild_parameter_with_state', '_rebuild_qtensor', '_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3',
  '_rebuild_sparse_tensor', '_rebuild_meta_tensor_no_storage', '_rebuild_wrapper_subclass', '_rebuild_device_tensor_from_numpy',
  '_rebuild_device_tensor_from_cpu_tensor', '_rebuild_sparse_csr_tensor',
];

/** PyTorch 2.x's default allow-list (module.name). */
const ALLOWED = new Set<string>([
  'collections.OrderedDict', 'collections.Counter', 'torch.nn.parameter.Parameter', 'torch.serialization._get_layout', 'torch.Size',
  'torch.Tensor', 'torch.device', '_codecs.encode', 'builtins.bytearray', 'builtins.set', 'builtins.complex', 'torch.TypedStorage',
  'torch.UntypedStorage', 'torch.storage.TypedStorage', 'torch.storage.UntypedStorage', 'torch._tensor._rebuild_from_type_v2',
  'torch.per_tensor_affine', 'torch.per_tensor_symmetric', 'torch.per_channel_affine', 'torch.per_channel_symmetric',
  'torch.per_channel_affine_float_qparams',
  ...DTYPES.map((d) => `torch.${d}`),
  ...SCALAR_TYPES.flatMap((s) => [`torch.${s}Storage`, `torch.${s}Tensor`]),
  ...REBUILDS.map((f) => `torch._utils.${f}`),
]);
/** Modules PyTorch never allows, whatever the allow-list says. */
const BLOCKED = new Set(['sys', 'os', 'posix', 'nt']);
/** Python 2 names that protocol 2 pickles use (pickle's fix_imports), mapped as PyTorch does. */
const PY2_MODULES: Record<string, string> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

const OP = {
  MARK: 0x28, STOP: 0x2e, BINFLOAT: 0x47, BININT: 0x4a, BININT1: 0x4b, BININT2: 0x4d, NONE: 0x4e, BINPERSID: 0x51,
  REDUCE: 0x52, SHORT_BINSTRING: 0x55, BINUNICODE: 0x58, APPEND: 0x61, BUILD: 0x62, GLOBAL: 0x63, APPENDS: 0x65,
  BINGET: 0x68, LONG_BINGET: 0x6a, EMPTY_LIST: 0x5d, BINPUT: 0x71, LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74,
  SETITEMS: 0x75, EMPTY_DICT: 0x7d, PROTO: 0x80, NEWOBJ: 0x81, TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87, NEWTRUE: 0x88,
  NEWFALSE: 0x89, LONG1: 0x8a, EMPTY_TUPLE: 0x29, EMPTY_SET: 0x8f,
} as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function fail(msg: string): never {
  throw new Error(`torchLoad: ${msg}`);
}

function corrupt(msg: string): never {
  fail(`corrupt pickle data (${msg}); the file is damaged or truncated`);
}

export function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && DICTS.has(v);
}
const DICTS = new WeakSet<object>();

function newDict(ordered: boolean): Record<string, unknown> {
  const d = Object.create(null) as Record<string, unknown>;
  DICTS.add(d);
  if (ordered) ORDERED_DICTS.add(d);
  return d;
}

function dictKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if ((typeof k === 'number' && Number.isInteger(k)) || typeof k === 'bigint') return String(k);
  return fail(`a dict key of type ${k === null ? 'NoneType' : Array.isArray(k) ? 'tuple' : typeof k} is not supported (only str and int keys)`);
}

function setItem(d: unknown, k: unknown, v: unknown): void {
  if (!isDict(d)) corrupt(`SETITEM on a ${describe(d)}, not a dict`);
  const key = dictKey(k);
  if (v instanceof Poison) throw new Error(`torchLoad: ${v.describe(`'${key}'`)}`);
  d[key] = v;
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return Object.isFrozen(v) ? 'tuple' : 'list';
  if (v instanceof TorchGlobal) return v.path;
  return typeof v;
}

function toInt(big: bigint): number | bigint {
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** Python's decode_long: little-endian two's complement. */
function decodeLong(bytes: Uint8Array): number | bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  if (bytes.length > 0 && (bytes[bytes.length - 1]! & 0x80) !== 0) v -= 1n << BigInt(8 * bytes.length);
  return toInt(v);
}

/** REDUCE of the container-like allowed globals; tensor rebuilds go to the hooks. */
function callGlobal(fn: TorchGlobal, args: readonly unknown[], hooks: UnpickleHooks): unknown {
  const p = fn.path;
  const poisoned = args.find((a) => a instanceof Poison);
  if (poisoned !== undefined) return poisoned;
  if (p === 'collections.OrderedDict' || p === 'collections.Counter') {
    const d = newDict(p === 'collections.OrderedDict');
    const items = args[0];
    if (args.length > 1) corrupt(`${p} takes at most 1 argument`);
    if (items !== undefined) {
      if (!Array.isArray(items)) corrupt(`${p} given a ${describe(items)}`);
      for (const pair of items) {
        if (!Array.isArray(pair) || pair.length !== 2) corrupt(`${p} items must be pairs`);
        setItem(d, pair[0], pair[1]);
      }
    }
    return d;
  }
  if (p === 'builtins.set') {
    const items = args[0] ?? [];
    if (!Array.isArray(items)) corrupt(`set() given a ${describe(items)}`);
    return new Set(items);
  }
  if (p === 'torch.Size') {
    const dims = args[0] ?? [];
    if (!Array.isArray(dims) || !dims.every((d) => typeof d === 'number')) corrupt('torch.Size() needs a tuple of ints');
    return Object.freeze(dims.slice());
  }
  if (p === 'torch.device') {
    const type = args[0];
    if (typeof type !== 'string') corrupt('torch.device() needs a string');
    const index = args[1];
    if (index !== undefined && index !== null && typeof index !== 'number') corrupt('torch.device() index is not an int');
    return index === undefined || index === null ? type : `${type}:${index}`;
  }
  if (p === '_codecs.encode') {
    // protocol 2 writes bytes as encode(latin-1 text, 'latin1')
    const [text, codec] = args;
    if (typeof text !== 'string' || (codec !== 'latin1' && codec !== 'latin-1')) corrupt("_codecs.encode() only decodes (str, 'latin1')");
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 255) corrupt('_codecs.encode() text is not latin-1');
      out[i] = c;
    }
    return out;
  }
  if (p === 'builtins.bytearray') {
    const src = args[0] ?? new Uint8Array(0);
    if (src instanceof Uint8Array) return src.slice();
    if (Array.isArray(src) && src.every((b) => typeof b === 'number' && b >= 0 && b < 256)) return Uint8Array.from(src as number[]);
    return corrupt('bytearray() given an unsupported value');
  }
  if (p.startsWith('torch._utils.') || p === 'torch.nn.parameter.Parameter' || p === 'torch._tensor._rebuild_from_type_v2') return hooks.rebuild(fn, args);
  return fail(`${p} is allowed by PyTorch's weights_only unpickler but not supported here${p === 'builtins.complex' ? ' (complex numbers)' : ''}`);
}

/**
 * Unpickles `data` (the bytes of data.pkl). Every error names what was refused; an operand or
 * GLOBAL outside the allow-list throws before anything further is read.
 */
export function unpickle(data: Uint8Array, hooks: UnpickleHooks): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (n: number): number => {
    if (pos + n > data.length) corrupt(`ran out of data at byte ${pos} (needed ${n} more)`);
    const at = pos;
    pos += n;
    return at;
  };
  const pop = (): unknown => {
    if (stack.length === 0) corrupt('stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) corrupt('stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const outer = metastack.pop();
    if (outer === undefined) corrupt('MARK missing');
    stack = outer;
    return items;
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 512) corrupt('GLOBAL name not terminated');
    const text = utf8.decode(data.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const text = (n: number): string => {
    const at = need(n);
    try {
      return utf8.decode(data.subarray(at, at + n));
    } catch {
      return corrupt('a string is not valid UTF-8');
    }
  };
  const getMemo = (i: number): unknown => {
    if (!memo.has(i)) corrupt(`memo key ${i} was never stored`);
    return memo.get(i);
  };

  for (;;) {
    const op = data[need(1)]!;
    switch (op) {
      case OP.PROTO: need(1); break;
      case OP.STOP: {
        const result = pop();
        if (result instanceof Poison) throw new Error(`torchLoad: ${result.describe('the saved object')}`);
        return result;
      }
      case OP.GLOBAL: {
        let module = line();
        const name = line();
        module = PY2_MODULES[module] ?? module;
        const path = `${module}.${name}`;
        if (BLOCKED.has(module)) fail(`Trying to load unsupported GLOBAL ${path} whose module ${module} is blocked.`);
        if (!ALLOWED.has(path)) {
          fail(`Unsupported global: GLOBAL ${path} was not an allowed global by default. torchlet never runs code from a checkpoint: `
            + 'like torch.load(..., weights_only=True) it rebuilds only tensors, storages and plain containers (dict, list, tuple, set, '
            + 'str, int, float, bool, None)');
        }
        stack.push(DTYPES.includes(path.slice(6)) && module === 'torch' ? path.slice(6) : new TorchGlobal(path));
        break;
      }
      case OP.REDUCE: {
        const args = pop();
        const fn = top();
        if (!(fn instanceof TorchGlobal)) fail(`Trying to call reduce for unrecognized function ${describe(fn)}`);
        if (!Array.isArray(args)) corrupt('REDUCE arguments are not a tuple');
        stack[stack.length - 1] = callGlobal(fn, args, hooks);
        break;
      }
      case OP.NEWOBJ: {
        const args = pop();
        const cls = pop();
        if (!(cls instanceof TorchGlobal) || cls.path !== 'torch.nn.parameter.Parameter') {
          fail(`Can only create new object for nn.Parameter, but got ${describe(cls)}`);
        }
        if (!Array.isArray(args)) corrupt('NEWOBJ arguments are not a tuple');
        stack.push(callGlobal(cls, args, hooks));
        break;
      }
      case OP.BUILD: {
        const state = pop();
        const inst = top();
        if (!isDict(inst) || !ORDERED_DICTS.has(inst)) fail(`Can only build Tensor, Parameter or OrderedDict objects, but got ${describe(inst)}`);
        if (!isDict(state)) corrupt('OrderedDict state is not a dict');
        // OrderedDict attributes (a state dict's _metadata): kept, but not as keys
        for (const [k, v] of Object.entries(state)) Object.defineProperty(inst, k, { value: v, enumerable: false, writable: true, configurable: true });
        break;
      }
      case OP.APPEND: {
        const item = pop();
        const list = top();
        if (!Array.isArray(list) || Object.isFrozen(list)) fail(`Can only append to lists, but got ${describe(list)}`);
        if (item instanceof Poison) throw new Error(`torchLoad: ${item.describe(`item ${list.length} of a list`)}`);
        list.push(item);
        break;
      }
      case OP.APPENDS: {
        const items = popMark();
        const list = top();
        if (!Array.isArray(list) || Object.isFrozen(list)) fail(`Can only extend lists, but got ${describe(list)}`);
        items.forEach((item, i) => {
          if (item instanceof Poison) throw new Error(`torchLoad: ${item.describe(`item ${list.length + i} of a list`)}`);
        });
        for (const item of items) list.push(item);
        break;
      }
      case OP.SETITEM: {
        const v = pop();
        const k = pop();
        setItem(top(), k, v);
        break;
      }
      case OP.SETITEMS: {
        const items = popMark();
        if (items.length % 2 !== 0) corrupt('SETITEMS with an odd number of items');
        const d = top();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case OP.MARK: metastack.push(stack); stack = []; break;
      case OP.TUPLE: { const items = popMark(); stack.push(Object.freeze(items)); break; } // popMark replaces `stack`
      case OP.TUPLE1: { const a = pop(); stack.push(Object.freeze([a])); break; }
      case OP.TUPLE2: { const b = pop(), a = pop(); stack.push(Object.freeze([a, b])); break; }
      case OP.TUPLE3: { const c = pop(), b = pop(), a = pop(); stack.push(Object.freeze([a, b, c])); break; }
      case OP.NONE: stack.push(null); break;
      case OP.NEWFALSE: stack.push(false); break;
      case OP.NEWTRUE: stack.push(true); break;
      case OP.EMPTY_TUPLE: stack.push(Object.freeze([])); break;
      case OP.EMPTY_LIST: stack.push([]); break;
      case OP.EMPTY_DICT: stack.push(newDict(false)); break;
      case OP.EMPTY_SET: stack.push(new Set()); break;
      case OP.BININT: stack.push(view.getInt32(need(4), true)); break;
      case OP.BININT1: stack.push(data[need(1)]!); break;
      case OP.BININT2: stack.push(view.getUint16(need(2), true)); break;
      case OP.BINFLOAT: stack.push(view.getFloat64(need(8), false)); break;
      case OP.LONG1: { const n = data[need(1)]!; const at = need(n); stack.push(decodeLong(data.subarray(at, at + n))); break; }
      case OP.BINUNICODE: stack.push(text(view.getUint32(need(4), true))); break;
      case OP.SHORT_BINSTRING: stack.push(text(data[need(1)]!)); break;
      case OP.BINPERSID: {
        const pid = pop();
        if (!Array.isArray(pid)) fail(`persistent_load id must be tuple, but got ${describe(pid)}`);
        if (pid[0] !== 'storage') fail(`Only persistent_load of storage is allowed, but got ${describe(pid[0])}`);
        stack.push(hooks.persistentLoad(pid));
        break;
      }
      case OP.BINGET: stack.push(getMemo(data[need(1)]!)); break;
      case OP.LONG_BINGET: stack.push(getMemo(view.getUint32(need(4), true))); break;
      case OP.BINPUT: memo.set(data[need(1)]!, top()); break;
      case OP.LONG_BINPUT: memo.set(view.getUint32(need(4), true), top()); break;
      default: fail(`Unsupported operand ${op} (byte ${pos - 1} of data.pkl) in the pickle: not allowed by weights_only loading`);
    }
  }
}
