/**
 * torch.bernoulli, torch.normal's tensor forms, torch.randintLike and the in-place samplers
 * (bernoulli_, exponential_, geometric_, cauchy_, logNormal_, random_) with PyTorch 1.13's CPU
 * draws. Samples are drawn on the host in the order TensorIterator visits memory, then written.
 * The samplers are not reparametrised: their gradients are zeros, as in PyTorch
 * (NormalBackward1/2/3, BernoulliBackward0).
 */
import { allocArray, isFloating, type DType, type TypedArray } from '../dtype';
import { halfRandomError } from '../half';
import { backendOf } from '../backend/index';
import { record, needsGrad, anyNeedsGrad } from '../autograd/record';
import { noGrad } from '../autograd/grad-mode';
import { checkOptions } from '../options';
import { broadcastShapes, numelOf, sizesFrom } from '../shape';
import { Tensor } from '../tensor';
import { defaultGenerator, generatorOption, type Generator } from '../random/index';
import { bernoulli as bernoulliScalarFill, randint as randintFill } from '../random/distributions';
import {
  bernoulliTensorFill, cauchyFill, exponentialFill, geometricFill, logNormalFill, randomFullFill, type SampleArray,
} from '../random/extra';
import { checkInplace, fromHost, getDefaultDtype, scalarTypeName } from './util';
import { normalArray, zerosLike, type RandomOptions } from './creation';
import { checkHostOp } from './devices';

/** The keyword option of the random functions and in-place samplers. */
export interface GeneratorOptions {
  /** Draw from this Generator instead of the global one that manualSeed seeds. */
  generator?: Generator;
}

function genOf(opts: GeneratorOptions, fn: string, known: readonly string[] = ['generator']): Generator {
  checkOptions(fn, opts, known);
  return generatorOption(opts.generator, defaultGenerator, fn);
}

/** Row-major positions of `t` in the order of their storage offsets (TensorIterator's walk). */
function memoryOrder(t: Tensor): Int32Array | null {
  const n = t.numel();
  if (t.isContiguous()) return null;
  const offsets = new Float64Array(n);
  let k = 0;
  const walk = (dim: number, off: number): void => {
    if (dim === t.shape.length) { offsets[k++] = off; return; }
    for (let i = 0; i < t.shape[dim]!; i++) walk(dim + 1, off + i * t.strides[dim]!);
  };
  walk(0, 0);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => offsets[a]! - offsets[b]!);
}

/** Values drawn in walk order, placed at their row-major positions. */
function toRowMajor(drawn: TypedArray, order: Int32Array | null): TypedArray {
  if (order === null) return drawn;
  const out = drawn.slice();
  for (let i = 0; i < order.length; i++) out[order[i]!] = drawn[i]!;
  return out;
}

/** Row-major values read in walk order (probabilities follow the draw order). */
function toWalkOrder(rowMajor: Float32Array | Float64Array, order: Int32Array | null): Float32Array | Float64Array {
  if (order === null) return rowMajor;
  const out = rowMajor.slice();
  for (let i = 0; i < order.length; i++) out[i] = rowMajor[order[i]!]!;
  return out;
}

/** Fills `self` in place with `draw(n)` (checks first; nothing is written when they fail). */
function fillInPlace(self: Tensor, draw: (out: SampleArray, order: Int32Array | null) => void): Tensor {
  checkInplace(self, self.shape, self.dtype);
  const order = memoryOrder(self);
  const d = allocArray(self.dtype, self.numel());
  if (d instanceof Uint16Array) throw halfRandomError('random fill', self.dtype);
  if (d instanceof Int8Array || d instanceof Int16Array || (self.dtype === 'uint8' && d instanceof Uint8Array)) {
    const wide = new Int32Array(d.length); // drawn as int32, stored wrapped as C does
    draw(wide, order);
    d.set(wide);
  } else draw(d, order);
  backendOf(self).write(self, toRowMajor(d, order));
  self.storage.version++;
  return self;
}

function floatOut(self: Tensor, kernel: string): Float32Array | Float64Array {
  if (!isFloating(self.dtype)) throw new TypeError(`"${kernel}" not implemented for '${scalarTypeName(self.dtype)}'`);
  return self.dtype === 'float32' ? new Float32Array(0) : new Float64Array(0);
}

function checkNumber(v: unknown, fn: string, name: string): number {
  if (typeof v !== 'number') throw new TypeError(`${fn}(): argument '${name}' must be Number, not ${typeof v}`);
  return v;
}

/** The probabilities `p` broadcast to `shape`, float, checked to lie in [0, 1] (before any draw). */
function probabilities(p: Tensor, shape: readonly number[], order: Int32Array | null): Float32Array | Float64Array {
  if (!isFloating(p.dtype)) throw new TypeError(`"bernoulli_tensor_cpu_p_" not implemented for '${scalarTypeName(p.dtype)}'`);
  checkHostOp('bernoulli', "Its tensor probabilities are read on the host: pass a number, or draw on the CPU and move the result: torch.bernoulli(await p.toAsync('cpu')).to('webgpu')", p);
  const values = p.detach().expand(shape).toTypedArray();
  if (!(values instanceof Float32Array || values instanceof Float64Array)) throw new TypeError('bernoulli: float probabilities expected');
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError('Expected p_in >= 0 && p_in <= 1 to be true, but got false.');
  }
  return toWalkOrder(values, order);
}

/** `x.bernoulli_(p)`: p a number (default 0.5) or a tensor broadcastable to x. */
export function bernoulli_(self: Tensor, p: number | Tensor = 0.5, opts: GeneratorOptions = {}): Tensor {
  const gen = genOf(opts, 'bernoulli_');
  if (p instanceof Tensor) {
    checkInplace(self, self.shape, self.dtype);
    const order = memoryOrder(self);
    const probs = probabilities(p, self.shape, order);
    return fillInPlace(self, (d) => bernoulliTensorFill(gen, d, probs));
  }
  checkNumber(p, 'bernoulli_', 'p');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  return fillInPlace(self, (d) => bernoulliScalarFill(gen, d, p));
}

/**
 * `torch.bernoulli(input)`: 0/1 samples with probabilities `input` (its dtype); or
 * `torch.bernoulli(input, p)`: input's shape and dtype with a scalar probability.
 */
export function bernoulli(input: Tensor, p?: number | GeneratorOptions, opts: GeneratorOptions = {}): Tensor {
  if (typeof p === 'object') { opts = p; p = undefined; }
  if (p !== undefined) return bernoulli_(fromHost(allocArray(input.dtype, input.numel()), input.shape.slice(), input.dtype), p, opts);
  const gen = genOf(opts, 'bernoulli');
  // The output is a contiguous empty_like (LEGACY_CONTIGUOUS_MEMORY_FORMAT): row-major draws.
  const probs = probabilities(input, input.shape, null);
  const d = allocArray(input.dtype, input.numel());
  if (d instanceof Uint16Array || d instanceof Int8Array || d instanceof Int16Array) throw halfRandomError('bernoulli', input.dtype);
  bernoulliTensorFill(gen, d, probs);
  const out = fromHost(d, input.shape.slice(), input.dtype);
  if (needsGrad(input)) record(out, 'BernoulliBackward0', [input], [], null, () => [zerosLike(input)]);
  return out;
}

/** `x.exponential_(lambd = 1)`. */
export function exponential_(self: Tensor, lambd = 1, opts: GeneratorOptions = {}): Tensor {
  const gen = genOf(opts, 'exponential_');
  checkNumber(lambd, 'exponential_', 'lambd');
  if (!(lambd >= 0)) throw new RangeError(`exponential_ expects lambda >= 0.0, but found lambda=${lambd}`);
  floatOut(self, 'exponential_cpu');
  return fillInPlace(self, (d) => exponentialFill(gen, d as Float32Array | Float64Array, lambd));
}

/** `x.geometric_(p)`: the number of Bernoulli(p) trials up to the first success. */
export function geometric_(self: Tensor, p: number, opts: GeneratorOptions = {}): Tensor {
  const gen = genOf(opts, 'geometric_');
  checkNumber(p, 'geometric_', 'p');
  if (!(p > 0 && p < 1)) throw new RangeError(`geometric_ expects p to be in (0, 1), but got p=${p}`);
  return fillInPlace(self, (d) => geometricFill(gen, d, p));
}

/** `x.cauchy_(median = 0, sigma = 1)`. */
export function cauchy_(self: Tensor, median = 0, sigma = 1, opts: GeneratorOptions = {}): Tensor {
  const gen = genOf(opts, 'cauchy_');
  checkNumber(median, 'cauchy_', 'median');
  checkNumber(sigma, 'cauchy_', 'sigma');
  floatOut(self, 'cauchy_cpu');
  return fillInPlace(self, (d) => cauchyFill(gen, d as Float32Array | Float64Array, median, sigma));
}

/** `x.logNormal_(mean = 1, std = 2)`: exp of normal samples. */
export function logNormal_(self: Tensor, mean = 1, std = 2, opts: GeneratorOptions = {}): Tensor {
  const gen = genOf(opts, 'log_normal_');
  checkNumber(mean, 'log_normal_', 'mean');
  checkNumber(std, 'log_normal_', 'std');
  if (!(std > 0)) throw new RangeError(`log_normal_ expects std > 0.0, but found std=${std}`);
  floatOut(self, 'log_normal_cpu');
  return fillInPlace(self, (d) => logNormalFill(gen, d as Float32Array | Float64Array, mean, std));
}

/**
 * `x.random_()`: integers over the dtype's exact range; `x.random_(to)`: [0, to);
 * `x.random_(from, to)`: [from, to).
 */
export function random_(self: Tensor, from?: number | GeneratorOptions, to?: number | GeneratorOptions, opts: GeneratorOptions = {}): Tensor {
  if (typeof from === 'object') { opts = from; from = undefined; }
  if (typeof to === 'object') { opts = to; to = undefined; }
  const gen = genOf(opts, 'random_');
  if (from === undefined) {
    // PyTorch draws int64 over [0, 2^63): most of those values are past what torchlet's int64 holds.
    if (self.dtype === 'int64') throw new RangeError("random_() on int64 draws integers up to 2^63, and torchlet's int64 holds integers up to 2^53 exactly: pass bounds, x.random_(from, to)");
    return fillInPlace(self, (d) => randomFullFill(gen, d));
  }
  const [low, high] = to === undefined ? [0, from] : [from, to];
  checkNumber(low, 'random_', 'from');
  checkNumber(high, 'random_', 'to');
  if (!(low < high)) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  if (self.dtype === 'bool') {
    if (low < 0 || high > 2) throw new RangeError(low < 0 ? 'from is out of bounds for bool' : 'to - 1 is out of bounds for bool');
    return fillInPlace(self, (d) => { for (let i = 0; i < d.length; i++) d[i] = (gen.random() % (high - low)) + low; });
  }
  return fillInPlace(self, (d) => randintFill(gen, d as Int32Array | Float32Array | Float64Array, low, high));
}

/** `torch.randintLike(x, high)` or `torch.randintLike(x, low, high)`: x's shape, x's dtype. */
export function randintLike(x: Tensor, a: number, b?: number | RandomOptions, opts: RandomOptions = {}): Tensor {
  if (typeof b === 'object') { opts = b; b = undefined; }
  checkOptions('randint_like', opts, ['dtype', 'requiresGrad', 'generator']);
  const [low, high] = b === undefined ? [0, a] : [a, b];
  const dtype = opts.dtype ?? x.dtype;
  const out = fromHost(allocArray(dtype, x.numel()), x.shape.slice(), dtype);
  random_(out, low, high, opts.generator === undefined ? {} : { generator: opts.generator });
  if (opts.requiresGrad) out.requiresGrad_(true);
  return out;
}

function checkStdTensor(std: Tensor): void {
  checkHostOp('normal', "Its tensor std is checked on the host: draw on the CPU and move the result (torch.normal(await mean.toAsync('cpu'), await std.toAsync('cpu')).to('webgpu')), or write mean + std * torch.randn(...) on the device", std);
  const v = std.toTypedArray();
  for (let i = 0; i < v.length; i++) if (!(v[i]! >= 0)) throw new RangeError('normal expects all elements of std >= 0.0');
}

/** Standard normal noise (times `std`) of `shape` and `dtype`, drawn as a fresh contiguous normal_. */
function noise(shape: readonly number[], dtype: DType, std: number, gen: Generator): Tensor {
  if (!isFloating(dtype)) throw new TypeError(`"normal_kernel_cpu" not implemented for '${scalarTypeName(dtype)}'`);
  return fromHost(normalArray(dtype, numelOf(shape), 0, std, gen), shape.slice(), dtype);
}

/** torch.normal's keyword options (with a size): dtype, device, requiresGrad, generator. */
export type NormalOptions = RandomOptions;

/**
 * torch.normal in its four forms: `normal(meanT, stdT)`, `normal(meanT, std = 1)`,
 * `normal(mean, stdT)`, and `normal(mean, std, size, {dtype})`. The tensor forms draw
 * N(0, std) or N(0, 1) into the output then scale and shift it, as PyTorch does.
 * @example manualSeed(0); normal(zeros(3), tensor([1, 2, 3], {dtype: 'float32'}))
 */
export function normal(mean: Tensor | number, std: Tensor | number = 1, size?: readonly number[] | NormalOptions,
  opts: NormalOptions = {}): Tensor {
  if (size !== undefined && !Array.isArray(size)) { opts = size as NormalOptions; size = undefined; }
  if (!(mean instanceof Tensor) && !(std instanceof Tensor)) {
    checkOptions('normal', opts, ['dtype', 'requiresGrad', 'generator']);
    checkNumber(mean, 'normal', 'mean');
    checkNumber(std, 'normal', 'std');
    if (size === undefined) throw new TypeError("normal() missing required argument 'size' when mean and std are numbers");
    const sizes = sizesFrom([size], 'normal', 'SymInts');
    const dtype = opts.dtype ?? getDefaultDtype();
    const gen = generatorOption(opts.generator, defaultGenerator, 'normal');
    const out = fromHost(normalArray(dtype, numelOf(sizes), mean, std, gen), sizes, dtype);
    if (opts.requiresGrad) out.requiresGrad_(true);
    return out;
  }
  if (size !== undefined) throw new TypeError('normal(): size is only accepted when mean and std are numbers');
  const gen = genOf(opts, 'normal');
  if (mean instanceof Tensor && !(std instanceof Tensor)) {
    checkNumber(std, 'normal', 'std');
    if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
    const out = noGrad(() => noise(mean.shape, mean.dtype, std, gen).add_(mean));
    return zeroGrad(out, 'NormalBackward1', [mean]);
  }
  if (!(std instanceof Tensor)) throw new TypeError('normal: std must be a Tensor');
  checkStdTensor(std);
  if (!(mean instanceof Tensor)) {
    checkNumber(mean, 'normal', 'mean');
    const out = noGrad(() => noise(std.shape, std.dtype, 1, gen).mul_(std).add_(mean));
    return zeroGrad(out, 'NormalBackward2', [std]);
  }
  const shape = broadcastShapes(mean.shape, std.shape);
  const out = noGrad(() => noise(shape, mean.dtype, 1, gen).mul_(std).add_(mean));
  return zeroGrad(out, 'NormalBackward3', [mean, std]);
}

/** PyTorch's samplers pass zeros back to their parameters. */
function zeroGrad(out: Tensor, name: string, inputs: Tensor[]): Tensor {
  if (!anyNeedsGrad(inputs)) return out;
  return record(out, name, inputs, [], null, () => inputs.map((t) => zerosLike(t)));
}
