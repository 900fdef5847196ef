/**
 * Element types. float32 is the default for floating data, int32 for integer data (see the
 * README: WebGPU and the wasm/native index kernels are int32). int64 holds exact integers in a
 * Float64Array (V8 doubles: integers up to 2^53 exactly; BigInt64Array is 10-50x slower).
 */
export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool' | 'float16' | 'bfloat16' | 'uint8' | 'int8' | 'int16';

/** The integer dtypes narrower than int32: storage only, their maths runs in int32 and wraps as C does. */
export type SmallInt = 'uint8' | 'int8' | 'int16';

/**
 * The typed array holding each dtype's elements on the host: float32 Float32Array, float64 Float64Array,
 * int32 Int32Array, int64 Float64Array (exact integers), bool Uint8Array (0/1), float16 and bfloat16 Uint16Array
 * (bit patterns, see half.ts), uint8 Uint8Array, int8 Int8Array, int16 Int16Array. What toTypedArray() returns
 * and Tensor.fromData takes (a Uint8Array is bool there unless a dtype says uint8).
 */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array | Int8Array | Int16Array;

/** Nested number arrays as accepted by `tensor()` and returned by `tolist()`. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * Small zeroed arrays come from a shared slab: V8 gives typed arrays over 64 bytes their own
 * off-heap ArrayBuffer, which costs ~1 µs each (malloc plus GC bookkeeping) and dominated tiny
 * training steps. Slab space is never reused, so views start zeroed; a live view keeps its slab
 * (SLAB_BYTES) alive, which bounds the waste to small arrays. Arrays up to 64 bytes stay on the
 * V8 heap (cheaper still), larger ones than SLAB_MAX get their own buffer.
 */
import { roundHalf } from './half';

const ON_HEAP_MAX = 64;
const SLAB_MAX = 1024;
const SLAB_BYTES = 16384;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/** Reserves a fresh zeroed range of `bytes` in `slab` (a new slab when full); its byte offset. */
function reserve(bytes: number): number {
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += (bytes + 7) & ~7; // 8-byte aligned, so any element type can follow
  return at;
}

function small(bytes: number): boolean {
  return bytes > ON_HEAP_MAX && bytes <= SLAB_MAX;
}

/** V8's longest typed array; a longer request would fail with a JS-internal message. */
const MAX_ELEMENTS = 2 ** 32 - 1;
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, int64: 8, bool: 1, float16: 2, bfloat16: 2, uint8: 1, int8: 1, int16: 2 };

/** Checks that n elements of dtype can be allocated, raising PyTorch's allocator message if not. */
export function checkAllocatable(dtype: DType, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid number of elements: ${n}`);
  if (n > MAX_ELEMENTS) {
    throw new RangeError(`DefaultCPUAllocator: can't allocate memory: you tried to allocate ${n * BYTES[dtype]} bytes.`);
  }
}

export function allocArray(dtype: DType, n: number): TypedArray {
  // n >>> 0 === n exactly for the integers 0..2^32-1: the full check only off the common path.
  if (n >>> 0 !== n) checkAllocatable(dtype, n);
  // `reserve` may replace the slab, so it runs before `slab` is read.
  switch (dtype) {
    case 'float32': {
      if (!small(n * 4)) return new Float32Array(n);
      const at = reserve(n * 4);
      return new Float32Array(slab, at, n);
    }
    case 'float64': case 'int64': {
      if (!small(n * 8)) return new Float64Array(n);
      const at = reserve(n * 8);
      return new Float64Array(slab, at, n);
    }
    case 'int32': {
      if (!small(n * 4)) return new Int32Array(n);
      const at = reserve(n * 4);
      return new Int32Array(slab, at, n);
    }
    case 'float16': case 'bfloat16': {
      if (!small(n * 2)) return new Uint16Array(n);
      const at = reserve(n * 2);
      return new Uint16Array(slab, at, n);
    }
    case 'bool': case 'uint8': {
      if (!small(n)) return new Uint8Array(n);
      const at = reserve(n);
      return new Uint8Array(slab, at, n);
    }
    case 'int8': {
      if (!small(n)) return new Int8Array(n);
      const at = reserve(n);
      return new Int8Array(slab, at, n);
    }
    case 'int16': {
      if (!small(n * 2)) return new Int16Array(n);
      const at = reserve(n * 2);
      return new Int16Array(slab, at, n);
    }
    default: // a JS caller's string outside DType ('uint64', 'long'): every new tensor passes here
      throw new TypeError(`argument 'dtype' must be one of 'float32', 'float64', 'float16', 'bfloat16', 'uint8', 'int8', 'int16', 'int32', 'int64', 'bool', not '${String(dtype)}'`);
  }
}

/** The default dtype for new floating tensors (torch.get_default_dtype). */
let defaultDtype: DType = 'float32';
/** The dtype of new floating tensors, float32 unless setDefaultDtype changed it (torch.get_default_dtype). */
export function getDefaultDtype(): DType {
  return defaultDtype;
}
/** torch.set_default_dtype: float32 or float64. */
export function setDefaultDtype(d: DType): void {
  if (!isFloating(d)) throw new TypeError('only floating-point types are supported as the default type');
  defaultDtype = d;
}

/** Whether dtype is a floating type: float32, float64, float16 or bfloat16 (PyTorch's dtype.is_floating_point). */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** Whether dtype is uint8, int8 or int16. */
export function isSmallInt(dtype: DType): dtype is SmallInt {
  return dtype === 'uint8' || dtype === 'int8' || dtype === 'int16';
}

/** Whether dtype is an integer type (bool is not: PyTorch's is_integral(includeBool=false)). */
export function isIntegral(dtype: DType): boolean {
  return dtype === 'int32' || dtype === 'int64' || dtype === 'uint8' || dtype === 'int8' || dtype === 'int16';
}

/**
 * The dtype PyTorch's type promotion gives two tensor operands (bool < uint8, int8 < int16 < int32
 * < int64 < float16, bfloat16 < float32 < float64; uint8 with int8 is int16, float16 with bfloat16 float32).
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  const ra = RANK[a], rb = RANK[b];
  if (ra === rb) return ra === 1 ? 'int16' : 'float32'; // neither holds the other
  return ra > rb ? a : b;
}
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4, float16: 5, bfloat16: 5, float32: 6, float64: 7 };

/** PyTorch's printed names: torch.float32 is torch.FloatTensor in error messages. */
export function legacyTypeName(dtype: DType): string {
  switch (dtype) {
    case 'float32': return 'torch.FloatTensor';
    case 'float64': return 'torch.DoubleTensor';
    case 'int32': return 'torch.IntTensor';
    case 'int64': return 'torch.LongTensor';
    case 'bool': return 'torch.BoolTensor';
    case 'float16': return 'torch.HalfTensor';
    case 'bfloat16': return 'torch.BFloat16Tensor';
    case 'uint8': return 'torch.ByteTensor';
    case 'int8': return 'torch.CharTensor';
    case 'int16': return 'torch.ShortTensor';
  }
}

/** Unchecked conversion (wraps like a C cast): the fast path for kernels and already-checked values. */
export function castValue(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32': return Math.fround(v);
    case 'float64': return v;
    case 'int32': return Math.trunc(v) | 0;
    case 'int64': return toInt64(v);
    case 'bool': return v !== 0 ? 1 : 0;
    case 'float16': case 'bfloat16': return roundHalf(dtype, v);
    case 'uint8': return toInt64(v) & 0xff;
    case 'int8': return (toInt64(v) << 24) >> 24;
    case 'int16': return (toInt64(v) << 16) >> 16;
  }
}

const INT64_LIMIT = 2 ** 63;
/** C's double-to-int64 conversion on x86 (cvttsd2si): truncates; NaN and out-of-range give INT64_MIN. */
export function toInt64(v: number): number {
  const t = Math.trunc(v);
  return t >= -INT64_LIMIT && t < INT64_LIMIT ? t + 0 : -INT64_LIMIT; // + 0: no -0 in an integer
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const FLOAT32_MAX = 3.4028234663852886e38;

/** What the int32 overflow error adds when torchlet, not the caller, chose int32 (PyTorch would pick int64). */
export const INT64_HINT = " (torchlet's default integer dtype is int32: pass {dtype: torch.int64} for integers up to 2^53)";
/** What int64's overflow error adds: past 2^53 a double no longer holds every integer. */
export const INT64_RANGE_HINT = " (torchlet's int64 holds integers up to 2^53 exactly)";
/** The largest magnitude torchlet's int64 holds exactly. */
export const INT64_EXACT = 2 ** 53;

/**
 * Where a value is converted, which decides PyTorch's check and its words: 'tensor' is
 * torch.tensor's data (int32 checked as "int32", float32 rounds to inf unchecked); 'scalar' is a
 * Scalar written into a tensor (full, fill_, x[i] = v), checked as C's "int" and "float".
 */
export type CastSite = 'tensor' | 'scalar';

/**
 * c10::checked_convert: v as dtype stores it, or PyTorch's RuntimeError when it does not fit
 * (NaN and the infinities never fit an integer). Never wraps; castValue is the unchecked path.
 * @example checkedCast('int32', 3e9) // throws "value cannot be converted to type int32 without overflow"
 */
export function checkedCast(dtype: DType, v: number, site: CastSite = 'tensor', hint = ''): number {
  switch (dtype) {
    case 'int32':
      if (!(v >= INT32_MIN && v <= INT32_MAX)) throw overflowError(site === 'tensor' ? 'int32' : 'int', hint);
      return Math.trunc(v) | 0;
    case 'float32':
      if (site === 'scalar' && Number.isFinite(v) && Math.abs(v) > FLOAT32_MAX) throw overflowError('float', hint);
      return Math.fround(v);
    case 'float64': return v;
    case 'int64':
      if (!(v >= -INT64_EXACT && v <= INT64_EXACT)) throw overflowError(site === 'tensor' ? 'int64' : 'int64_t', hint || INT64_RANGE_HINT);
      return Math.trunc(v) + 0;
    case 'bool': return v !== 0 ? 1 : 0;
    case 'float16': {
      const h = roundHalf(dtype, v);
      if (site === 'scalar' && Number.isFinite(v) && !Number.isFinite(h)) throw overflowError('at::Half', hint);
      return h;
    }
    case 'bfloat16': {
      if (site === 'scalar' && Number.isFinite(v) && Math.abs(v) > FLOAT32_MAX) throw overflowError('c10::BFloat16', hint);
      return roundHalf(dtype, v);
    }
    case 'uint8': case 'int8': case 'int16': {
      const [lo, hi] = SMALL_RANGE[dtype];
      // c10's overflows(): uint8 also takes integers down to -255 (two's complement, so a - b works as a + 255 * b).
      const ok = dtype === 'uint8' ? v <= hi && (v >= 0 || (Number.isInteger(v) && v >= -hi)) : v >= lo && v <= hi;
      if (!ok) throw overflowError(site === 'tensor' ? dtype : `${dtype}_t`, hint);
      return castValue(dtype, v);
    }
  }
}

const SMALL_RANGE: Record<SmallInt, readonly [number, number]> = { uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767] };

function overflowError(typeName: string, hint: string): Error {
  return new Error(`value cannot be converted to type ${typeName} without overflow${hint}`);
}

/**
 * A user's scalar operand in an op's compute dtype: int32 stands in for PyTorch's int64, so an
 * integer it cannot hold raises (with the hint) instead of wrapping; other dtypes round as usual.
 */
export function castOperand(dtype: DType, v: number): number {
  if (dtype === 'int32') return checkedCast('int32', v, 'scalar', INT64_HINT);
  return dtype === 'int64' ? checkedCast('int64', v, 'scalar') : castValue(dtype, v);
}
