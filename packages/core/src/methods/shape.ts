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
    view(...shape: SizeList): Tensor;
    /** `x.view('int32')`: x's bits read as another dtype (a copy here; see ops/strided.ts). */
    view(dtype: DType): Tensor;
    reshape(...shape: SizeList): Tensor;
    viewAs(other: Tensor): Tensor;
    reshapeAs(other: Tensor): Tensor;
    permute(...dims: SizeList): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    t(): Tensor;
    /** The transpose of all dims reversed (PyTorch's `x.T`). */
    readonly T: Tensor;
    /** The transpose of the last two dims (`x.mT`). */
    readonly mT: Tensor;
    expand(...sizes: SizeList): Tensor;
    expandAs(other: Tensor): Tensor;
    squeeze(dim?: number | readonly number[]): Tensor;
    unsqueeze(dim: number): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    unflatten(dim: number, sizes: readonly number[]): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    movedim(source: number, destination: number): Tensor;
    contiguous(): Tensor;
    clone(): Tensor;
    detach(): Tensor;
    detach_(): Tensor;
    /**
     * PyTorch's forms: `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)`,
     * `to({device, dtype, copy})`; the tensor itself when nothing changes.
     */
    to(dtype: DType, opts?: ToOptions): Tensor;
    to(device: DeviceSpec, dtype?: DType, opts?: ToOptions): Tensor;
    to(device: DeviceSpec, opts?: ToOptions): Tensor;
    to(other: Tensor, opts?: ToOptions): Tensor;
    to(opts?: ToOptions): Tensor;
    /** This tensor on the CPU (itself when it is there already). */
    cpu(): Tensor;
    /** Raises PyTorch's "Torch not compiled with CUDA enabled": there is no CUDA here. */
    cuda(device?: DeviceSpec): Tensor;
    /** PyTorch's `is_cuda`: always false here. */
    readonly isCuda: boolean;
    float(): Tensor;
    double(): Tensor;
    int(): Tensor;
    bool(): Tensor;
    typeAs(other: Tensor): Tensor;

    zero_(): Tensor;
    fill_(value: number | boolean): Tensor;
    copy_(src: Tensor): Tensor;
    uniform_(from?: number, to?: number, opts?: { generator?: Generator }): Tensor;
    normal_(mean?: number, std?: number, opts?: { generator?: Generator }): Tensor;

    requiresGrad_(requiresGrad?: boolean): Tensor;
    retainGrad(): void;
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
  const s = src.shape.length === this.shape.length && src.shape.every((d, i) => d === this.shape[i]) ? src : src.expand(this.shape);
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
