/** Tensor methods for views, copies, dtype conversion and autograd state. */
import type { DType, TypedArray } from '../dtype';
import { checkedCast, isFloating } from '../dtype';
import { backendOf } from '../backend/index';
import { Tensor } from '../tensor';
import * as V from '../ops/views';
import { viewDtype } from '../ops/strided';
import { backward as runBackward, type GradOptions } from '../autograd/api';
import { isGradEnabled } from '../autograd/grad-mode';
import { checkInplace } from '../ops/util';
import { overwriteTracked } from '../ops/inplace';
import { defaultGenerator, generatorOption, type Generator } from '../random/index';
import { normalArray, uniformArray } from '../ops/creation';
import * as toDevice from '../ops/to-device';
import type { ToArgs, ToOptions } from '../ops/to-device';
import type { DeviceSpec } from '../device';

type SizeList = number[] | [readonly number[]];

declare module '../tensor' {
  interface Tensor {
    /**
     * The same elements seen with another shape, sharing storage; one size may be -1 (inferred). Throws when the strides cannot express it: use reshape (torch.Tensor.view).
     */
    view(...shape: SizeList): Tensor;
    /** `x.view('int32')`: x's bits read as another dtype (a copy here; see ops/strided.ts). */
    view(dtype: DType): Tensor;
    /**
     * Another shape with the same elements: a view when the strides allow, else a copy; one size may be -1 (torch.reshape).
     */
    reshape(...shape: SizeList): Tensor;
    /** view with other's shape. */
    viewAs(other: Tensor): Tensor;
    /** reshape to other's shape. */
    reshapeAs(other: Tensor): Tensor;
    /** A view with the dims reordered: `x.permute(2, 0, 1)` (torch.permute). */
    permute(...dims: SizeList): Tensor;
    /** A view with two dims swapped (torch.transpose). */
    transpose(dim0: number, dim1: number): Tensor;
    /** The transpose of a tensor of at most 2 dims (torch.t). */
    t(): Tensor;
    /** The transpose of all dims reversed (PyTorch's `x.T`). */
    readonly T: Tensor;
    /** The transpose of the last two dims (`x.mT`). */
    readonly mT: Tensor;
    /**
     * A view broadcast to larger sizes without copying (stride 0); -1 keeps a dim (torch.Tensor.expand). Write to a clone, not to the view.
     */
    expand(...sizes: SizeList): Tensor;
    /** expand to other's shape. */
    expandAs(other: Tensor): Tensor;
    /**
     * A view without size-1 dims: all of them, or only the given ones (a given dim that is not 1 is kept) (torch.squeeze).
     */
    squeeze(dim?: number | readonly number[]): Tensor;
    /** A view with a size-1 dim inserted at `dim` (negative counts from the end) (torch.unsqueeze). */
    unsqueeze(dim: number): Tensor;
    /** Dims startDim..endDim (default all) merged into one, a view when possible (torch.flatten). */
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Splits `dim` into `sizes` (one may be -1): the inverse of flatten (torch.unflatten). */
    unflatten(dim: number, sizes: readonly number[]): Tensor;
    /** A view of `length` elements of `dim` from `start` (torch.narrow). */
    narrow(dim: number, start: number, length: number): Tensor;
    /** A view of one index along `dim`, which is removed: `x.select(0, i)` is `x[i]` (torch.select). */
    select(dim: number, index: number): Tensor;
    /** A view with dim `source` moved to position `destination` (torch.movedim). */
    movedim(source: number, destination: number): Tensor;
    /** This tensor if it is row-major contiguous already, else a contiguous copy (torch.Tensor.contiguous). */
    contiguous(): Tensor;
    /** A copy with its own storage; the gradient flows back to this tensor (torch.clone). */
    clone(): Tensor;
    /** A view of the same storage cut from the autograd graph: requiresGrad false (torch.Tensor.detach). */
    detach(): Tensor;
    /** Cuts this tensor from the autograd graph in place (it becomes a leaf without requiresGrad); returns it. */
    detach_(): Tensor;
    /**
     * PyTorch's forms: `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)`,
     * `to({device, dtype, copy})`; the tensor itself when nothing changes.
     */
    to(dtype: DType, opts?: ToOptions): Tensor;
    /** This tensor moved to `device` ('cpu', a Device...), and cast to `dtype` if given. */
    to(device: DeviceSpec, dtype?: DType, opts?: ToOptions): Tensor;
    /** This tensor moved to `device`, with the options `dtype`, `copy`, `nonBlocking`. */
    to(device: DeviceSpec, opts?: ToOptions): Tensor;
    /** This tensor on other's device, with other's dtype. */
    to(other: Tensor, opts?: ToOptions): Tensor;
    /** The keyword form: `x.to({ device, dtype, copy })`. */
    to(opts?: ToOptions): Tensor;
    /** This tensor on the CPU (itself when it is there already). */
    cpu(): Tensor;
    /**
     * `to(...)` for every device, awaited: the way back from webgpu, whose values are read
     * asynchronously (`await x.toAsync('cpu')`); the same forms as `to`.
     */
    toAsync(...args: ToArgs): Promise<Tensor>;
    /** `await x.cpuAsync()`: this tensor on the CPU, from any device. */
    cpuAsync(): Promise<Tensor>;
    /** Raises PyTorch's "Torch not compiled with CUDA enabled": there is no CUDA here. */
    cuda(device?: DeviceSpec): Tensor;
    /** PyTorch's `is_cuda`: always false here. */
    readonly isCuda: boolean;
    /** Cast to float32 (PyTorch's Tensor.float). */
    float(): Tensor;
    /** Cast to float64 (Tensor.double). */
    double(): Tensor;
    /** Cast to int32 (Tensor.int). */
    int(): Tensor;
    /** Cast to bool: true where nonzero (Tensor.bool). */
    bool(): Tensor;
    /** Cast to other's dtype (Tensor.type_as). */
    typeAs(other: Tensor): Tensor;

    /** Fills this tensor with zeros in place; returns it. */
    zero_(): Tensor;
    /** Fills this tensor with `value` in place (cast to its dtype); returns it. */
    fill_(value: number | boolean): Tensor;
    /**
     * Copies src's elements into this tensor in place, broadcasting src and casting to this dtype; returns this tensor (torch.Tensor.copy_).
     */
    copy_(src: Tensor): Tensor;
    /**
     * Fills this tensor in place with samples from U(from, to), default U(0, 1), drawn as PyTorch draws them; returns it.
     */
    uniform_(from?: number, to?: number, opts?: { generator?: Generator }): Tensor;
    /**
     * Fills this tensor in place with samples from N(mean, std^2), default N(0, 1), drawn as PyTorch draws them; returns it.
     */
    normal_(mean?: number, std?: number, opts?: { generator?: Generator }): Tensor;

    /**
     * Sets requiresGrad in place (default true) so autograd records ops on this tensor; returns it. Only floating tensors can require gradients.
     */
    requiresGrad_(requiresGrad?: boolean): Tensor;
    /** Keeps `.grad` for this non-leaf tensor after backward (leaves keep theirs anyway) (Tensor.retain_grad). */
    retainGrad(): void;
    /**
     * Computes the gradient of this tensor with respect to the graph leaves and accumulates it into their `.grad`.
     * `gradient` is required unless this tensor has one element; options `retainGraph`, `createGraph` (torch.Tensor.backward).
     */
    backward(gradient?: Tensor, opts?: Omit<GradOptions, 'gradOutputs' | 'allowUnused'>): void;
  }
}

const P = Tensor.prototype;
P.view = function (this: Tensor, ...s: SizeList | [DType]): Tensor {
  const first = s[0];
  if (s.length === 1 && typeof first === 'string') return viewDtype(this, first);
  return V.view(this, flatDims(s as SizeList));
};
P.reshape = function (...s) { return V.reshape(this, flatDims(s)); };
P.viewAs = function (o) { return V.view(this, o.shape); };
P.reshapeAs = function (o) { return V.reshape(this, o.shape); };
P.permute = function (...d) { return V.permute(this, flatDims(d)); };
P.transpose = function (a, b) { return V.transpose(this, a, b); };
P.t = function () { return V.t(this); };
Object.defineProperty(P, 'T', {
  get(this: Tensor) { return V.permute(this, this.shape.map((_, i) => this.shape.length - 1 - i)); },
});
Object.defineProperty(P, 'mT', {
  get(this: Tensor) { return V.transpose(this, -2, -1); },
});
P.expand = function (...s) { return V.expand(this, flatDims(s)); };
P.expandAs = function (o) { return V.expand(this, o.shape); };
P.squeeze = function (d) { return V.squeeze(this, d); };
P.unsqueeze = function (d) { return V.unsqueeze(this, d); };
P.flatten = function (s, e) { return V.flatten(this, s, e); };
P.unflatten = function (d, s) { return V.unflatten(this, d, s); };
P.narrow = function (d, s, l) { return V.narrow(this, d, s, l); };
P.select = function (d, i) { return V.select(this, d, i); };
P.movedim = function (s, d) { return V.movedim(this, s, d); };
P.contiguous = function () { return V.contiguous(this); };
P.clone = function () { return V.clone(this); };
P.detach = function () { return V.detach(this); };
P.detach_ = function () { this.gradFn = null; this.requiresGrad = false; return this; };
P.to = function (this: Tensor, ...args: ToArgs) { return toDevice.to(this, args); };
P.cpu = function () { return toDevice.to(this, ['cpu']); };
P.toAsync = function (this: Tensor, ...args: ToArgs) { return toDevice.toAsync(this, args); };
P.cpuAsync = function () { return toDevice.toAsync(this, ['cpu']); };
P.cuda = function (d) { return toDevice.cuda(this, d); };
Object.defineProperty(P, 'isCuda', { get(this: Tensor) { return this.device.type === 'cuda'; } });
P.float = function () { return V.toDtype(this, 'float32'); };
P.double = function () { return V.toDtype(this, 'float64'); };
P.int = function () { return V.toDtype(this, 'int32'); };
P.bool = function () { return V.toDtype(this, 'bool'); };
P.typeAs = function (o) { return V.toDtype(this, o.dtype); };

/** Dims may come as varargs or one array (negative allowed; -1 keeps a size in expand). */
function flatDims(args: SizeList): number[] {
  const first = args[0];
  return args.length === 1 && Array.isArray(first) ? (first as readonly number[]).slice() : (args as number[]).slice();
}

P.zero_ = function () { return this.fill_(0); };
P.fill_ = function (value) {
  checkInplace(this, this.shape, this.dtype);
  const v = checkedCast(this.dtype, typeof value === 'boolean' ? (value ? 1 : 0) : value, 'scalar');
  overwriteTracked(this, 'FillBackward0', null, () => {
    backendOf(this).fill(this, v);
    this.storage.version++;
  });
  return this;
};
P.copy_ = function (src) {
  checkInplace(this, this.shape, this.dtype);
  const same = src.shape.length === this.shape.length && src.shape.every((d, i) => d === this.shape[i]) ? src : src.expand(this.shape);
  // copy_ crosses devices, as PyTorch's does (to a device without sync reads: moved there first)
  const s = same.storage.device === this.storage.device ? same : same.to(this.storage.device);
  overwriteTracked(this, 'CopyBackwards', s, () => {
    // The copy kernel needs disjoint source and destination: an aliasing source is cloned first.
    V.copyInto(this, s.storage === this.storage ? s.detach().clone() : s);
    this.storage.version++;
  });
  return this;
};
P.uniform_ = function (from = 0, to = 1, opts = {}) {
  const gen = generatorOption(opts.generator, defaultGenerator, 'uniform_');
  fillRandom(this, (n) => uniformArray(this.dtype, n, from, to, gen));
  return this;
};
P.normal_ = function (mean = 0, std = 1, opts = {}) {
  const gen = generatorOption(opts.generator, defaultGenerator, 'normal_');
  // PyTorch takes the per-element path for non-contiguous tensors, whatever their size.
  fillRandom(this, (n) => normalArray(this.dtype, n, mean, std, gen, !this.isContiguous()));
  return this;
};
/** Random fills draw n values on the host (PyTorch's draw order), then write them in. */
function fillRandom(self: Tensor, draw: (n: number) => TypedArray): void {
  checkInplace(self, self.shape, self.dtype);
  const drawn = draw(self.numel());
  if (self.isContiguous()) {
    backendOf(self).write(self, drawn);
  } else {
    // Non-contiguous: PyTorch draws in memory order, so the i-th draw goes to the i-th lowest offset.
    const order = memoryOrder(self);
    const rowMajor = drawn.slice();
    for (let i = 0; i < order.length; i++) rowMajor[order[i]!] = drawn[i]!;
    backendOf(self).write(self, rowMajor);
  }
  self.storage.version++;
}

/** Row-major element positions sorted by storage offset (the order TensorIterator visits memory). */
function memoryOrder(t: Tensor): Int32Array {
  const offsets = new Float64Array(t.numel());
  let k = 0;
  const walk = (dim: number, off: number): void => {
    if (dim === t.shape.length) { offsets[k++] = off; return; }
    for (let i = 0; i < t.shape[dim]!; i++) walk(dim + 1, off + i * t.strides[dim]!);
  };
  walk(0, t.offset);
  const order = new Int32Array(offsets.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => offsets[a]! - offsets[b]!);
}

P.requiresGrad_ = function (flag = true) {
  if (flag && !isFloating(this.dtype)) {
    throw new Error('only Tensors of floating point and complex dtype can require gradients');
  }
  if (!flag && this.gradFn !== null) {
    throw new Error("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
  }
  this.requiresGrad = flag;
  return this;
};
P.retainGrad = function () {
  if (!this.requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
  if (this.gradFn === null) return;
  this.retainsGrad = true;
  this.gradFn.retained = this;
};
P.backward = function (gradient, opts) {
  void isGradEnabled;
  runBackward(this, gradient, opts);
};
