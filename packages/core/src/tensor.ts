/**
 * The Tensor: a strided view on a shared Storage, plus autograd state. Ops and most methods live
 * in ops/ and methods/ (attached to the prototype there), so this file stays the data model.
 */
import type { DType, NestedArray, TypedArray } from './dtype';
import type { Node } from './autograd/node';
import type { DeviceType, Storage } from './backend/types';
import { backendOf, deviceBackend } from './backend/index';
import { checkSizes, contiguousStrides, fmtShape, isContiguous, normDim, numelOf } from './shape';
import { formatTensor } from './format';
import { deviceOf, type Device } from './device';
import { decodeHalf } from './half';

export type { Storage } from './backend/types';

/**
 * torch.Tensor: an n-dimensional array of one dtype on one device, with autograd state.
 * Create tensors with `tensor`, `zeros`, `randn`... (not with this constructor); its methods are PyTorch's, camelCased
 * (`x.sum(1)`, `x.logSoftmax(-1)`, `x.add_(y)`); in-place methods end with `_`. Memory is managed by
 * the JavaScript garbage collector: there is no dispose().
 */
export class Tensor {
  /** Gradient accumulated by backward(); null until then. */
  grad: Tensor | null = null;
  /** The node that made this tensor, or null for leaves. */
  gradFn: Node | null = null;
  /** Whether operations on this tensor are recorded for autograd. */
  requiresGrad = false;
  /** Non-leaf tensors keep their .grad only after retainGrad(). */
  retainsGrad = false;
  /** For a view made by a differentiable view op: the tensor (not itself a view) it shares storage with. */
  base: Tensor | null = null;

  /**
   * isContiguous(), computed once (shape and strides never change); a caller that knows it (a
   * fresh allocation) passes it.
   */
  readonly rowMajor: boolean;
  /** numel(), computed once, as PyTorch's TensorImpl keeps numel_. */
  readonly elements: number;

  /**
   * A tensor over `storage`: the low-level form ops use. User code creates tensors with torch.tensor,
   * torch.zeros, Tensor.fromData...
   * @param storage - The elements, owned by the device's backend (opaque above it).
   * @param shape - The size of each dim.
   * @param strides - For each dim, how many elements apart in storage its consecutive indices are.
   * @param offset - Where element 0 is in storage.
   * @param dtype - The element type.
   * @param rowMajor - Whether the layout is contiguous row-major, when the caller knows (a fresh allocation).
   * @param elements - numel(), when the caller knows it.
   */
  constructor(
    readonly storage: Storage,
    readonly shape: number[],
    readonly strides: number[],
    readonly offset: number,
    readonly dtype: DType,
    rowMajor?: boolean,
    elements?: number,
  ) {
    this.elements = elements ?? numelOf(shape);
    this.rowMajor = rowMajor ?? (this.elements === 0 || isContiguous(shape, strides));
  }

  /** A new contiguous tensor holding host `data` (row-major, of dtype's array type), on `device`. */
  static fromData(data: TypedArray, shape: number[], dtype: DType, device: DeviceType | Device = 'cpu'): Tensor {
    checkHostData(data, shape, dtype);
    return new Tensor(deviceBackend(device).fromHost(data), shape, contiguousStrides(shape), 0, dtype, true);
  }

  /** The device the elements live on, as PyTorch's torch.device (`x.device.type` is 'cpu'). */
  get device(): Device {
    return deviceOf(this.storage.device);
  }

  /** The number of dims (PyTorch's `ndim`; the same as dim()). */
  get ndim(): number {
    return this.shape.length;
  }

  /** The number of dims (torch.Tensor.dim). */
  dim(): number {
    return this.shape.length;
  }

  /** The number of elements: the product of the shape (torch.numel). */
  numel(): number {
    return this.elements;
  }

  /** The shape, or the size of one dim (negative counts from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this.shape.slice();
    return this.shape[normDim(dim, this.shape.length)]!;
  }

  /** The strides: for each dim, how many storage elements apart its consecutive indices are. */
  stride(): number[];
  /** The stride of one dim (negative counts from the end). */
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return this.strides.slice();
    return this.strides[normDim(dim, this.shape.length)]!;
  }

  /** True for tensors the user created (or that do not require grad): backward accumulates into them. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Whether the elements are laid out row-major without gaps, as after contiguous() (torch.Tensor.is_contiguous). */
  isContiguous(): boolean {
    return this.rowMajor;
  }

  /** The one value of a one-element tensor, as a JS number (bool gives true/false). */
  item(): number;
  item(): number | boolean {
    if (this.numel() !== 1) {
      throw new Error(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    }
    if (this.storage.device !== 'cpu') throw asyncOnly(this, 'item()', 'await x.itemAsync()');
    const v = backendOf(this).item(this);
    return this.dtype === 'bool' ? v !== 0 : v;
  }

  /**
   * item() for any device: on webgpu the value is read back asynchronously (once per training
   * step is cheap; it also lets the garbage collector return freed GPU buffers).
   * @example
   * const l = await loss.itemAsync();
   */
  async itemAsync(): Promise<number> {
    if (this.numel() !== 1) {
      throw new Error(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    }
    const v = (await backendOf(this).readAsync(this))[0]!;
    return (this.dtype === 'bool' ? v !== 0 : v) as number;
  }

  /** Nested JS arrays of the values (booleans for bool tensors), as torch's tolist(). */
  tolist(): NestedArray {
    if (this.storage.device !== 'cpu') throw asyncOnly(this, 'tolist()', 'await x.tolistAsync()');
    return nest(this.shape, this.dtype, this.toTypedArray());
  }

  /** tolist() for any device (asynchronous: WebGPU reads values back only so). */
  async tolistAsync(): Promise<NestedArray> {
    return nest(this.shape, this.dtype, await backendOf(this).readAsync(this));
  }

  /**
   * The values in row-major order as a new host typed array of this dtype (a copy). float16 and
   * bfloat16 give a Uint16Array of their bit patterns (what safetensors and torch.save store);
   * `x.float().toTypedArray()` gives their values.
   */
  toTypedArray(): TypedArray {
    if (this.storage.device !== 'cpu') throw asyncOnly(this, 'toTypedArray()', 'await x.toTypedArrayAsync()');
    return backendOf(this).read(this);
  }

  /** toTypedArray() for any device (asynchronous: WebGPU reads values back only so). */
  toTypedArrayAsync(): Promise<TypedArray> {
    return backendOf(this).readAsync(this);
  }

  /** Prints like PyTorch: `tensor([[ 1.5410, -0.2934]], requires_grad=True)`. */
  toString(): string {
    return formatTensor(this);
  }

  /** toString() for any device: the values are read back first (asynchronous on webgpu). */
  async toStringAsync(): Promise<string> {
    return formatTensor(this, await backendOf(this).readAsync(this));
  }

  /** Node's util.inspect and console.log show the PyTorch form too. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
}

/** A Tensor's layout fields, writable: only {@link setTensorData} rebinds them. */
type TensorLayout = { -readonly [K in 'storage' | 'shape' | 'strides' | 'offset' | 'dtype' | 'rowMajor' | 'elements']: Tensor[K] };

/**
 * PyTorch's `dst.data = src` as `Module.to` uses it: dst keeps its identity, autograd state and
 * gradient slot but now holds src's elements (shared, not copied), layout, dtype and device, so an
 * optimizer or a user variable holding dst follows a model moved to another device or dtype.
 * @internal
 */
export function setTensorData(dst: Tensor, src: Tensor): void {
  const d = dst as unknown as TensorLayout;
  d.storage = src.storage;
  d.shape = src.shape.slice();
  d.strides = src.strides.slice();
  d.offset = src.offset;
  d.dtype = src.dtype;
  d.rowMajor = src.rowMajor;
  d.elements = src.elements;
}

/** The error of a synchronous read on a device that reads only asynchronously (webgpu). */
export function asyncOnly(t: Tensor, what: string, asyncForm: string): Error {
  return new Error(`${what}: this tensor is on ${t.storage.device}, where reading values back is asynchronous; use ${asyncForm} instead`);
}

/** Row-major `data` as nested arrays of `shape` (booleans for bool). */
function nest(shape: readonly number[], dtype: DType, data: TypedArray): NestedArray {
  if (data instanceof Uint16Array) data = decodeHalf(dtype as 'float16' | 'bfloat16', data); // bit patterns to values
  const asBool = dtype === 'bool';
  let i = 0;
  const build = (dim: number): NestedArray => {
    if (dim === shape.length) return asBool ? data[i++] !== 0 : data[i++]!;
    const out: NestedArray[] = [];
    for (let k = 0; k < shape[dim]!; k++) out.push(build(dim + 1));
    return out;
  };
  return build(0);
}

const ARRAY_TYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array, int64: Float64Array, bool: Uint8Array, float16: Uint16Array, bfloat16: Uint16Array,
  uint8: Uint8Array, int8: Int8Array, int16: Int16Array } as const;

/** fromData's contract, checked: sizes are non-negative integers and the buffer holds exactly numel elements of dtype's array type. */
function checkHostData(data: TypedArray, shape: readonly number[], dtype: DType): void {
  // Own keys only: a dtype such as 'toString' must not find Object.prototype's.
  if (!Object.prototype.hasOwnProperty.call(ARRAY_TYPES, dtype)) throw new TypeError(`Tensor.fromData: unknown dtype ${String(dtype)}`);
  const type = ARRAY_TYPES[dtype];
  if (!(data instanceof type)) {
    throw new TypeError(`Tensor.fromData: a ${dtype} tensor needs a ${type.name}, got ${typeof data === 'object' && data !== null ? data.constructor.name : typeof data}`);
  }
  const n = numelOf(checkSizes(shape, 'Tensor.fromData'));
  if (data.length !== n) {
    throw new RangeError(`Tensor.fromData: shape ${fmtShape(shape)} needs ${n} elements, but the buffer holds ${data.length}`);
  }
}
