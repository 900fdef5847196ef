/**
 * PyTorch's CPU sampling kernels over typed arrays, in memory order, bit for bit.
 * Each function consumes the generator exactly as the matching ATen kernel does, so that a
 * sequence of calls after `manualSeed(s)` leaves the generator where PyTorch's would be.
 */
import { normalFill16F32, normalFillBlocksF32 } from './cephes';
import { fma64, fmaF32 } from '../numeric';
import { Generator } from './generator';
import { RANDOM_KERNEL_MIN, activeRandomKernels, runOnEngine } from './kernels';
import { logF64, sincosF64 } from './libm';

// Math's functions as module constants: a global lookup per call is very slow where code runs in a
// vm context (Jest's test environment: ~1 us per `Math.x` in a hot loop, 50x the work).
const { fround, sqrt } = Math;

const f32 = fround;
const TWO_POW_32 = 4294967296;
const FLOAT32_MAX = 3.4028234663852886e38;
const TWO_PI = 2 * Math.PI;
/** sin and cos out of `sincosF64` (no allocation). */
const SINCOS = new Float64Array(2);

function checkUniformArgs(from: number, to: number, max: number, dtype: string): void {
  if (!(from >= -max && from <= max)) throw new RangeError(`from is out of bounds for ${dtype}`);
  if (!(to >= -max && to <= max)) throw new RangeError(`to is out of bounds for ${dtype}`);
  if (!(from <= to)) {
    throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  }
  if (!(to - from <= max)) {
    throw new RangeError(
      `uniform_ expects to-from <= std::numeric_limits<${dtype}>::max(), but found to=${to} and from=${from} which result in to-from to exceed the limit`,
    );
  }
}

/**
 * `tensor.uniform_(from, to)` on float32 (`torch.rand` is `(0, 1)`): one `random()` per element,
 * `x = (r & 0xffffff) * 2^-24`, then `fma(x, f32(to - from), from)` rounded once in float32.
 */
export function uniformF32(gen: Generator, out: Float32Array, from = 0, to = 1): void {
  checkUniformArgs(from, to, FLOAT32_MAX, 'float');
  const lo = f32(from);
  const range = f32(f32(to) - lo);
  const n = out.length;
  const kernels = activeRandomKernels();
  if (kernels !== null && n >= RANDOM_KERNEL_MIN
    && runOnEngine(gen.mt, (state, left, next) => kernels.uniformF32(state, left, next, out, lo, range))) return;
  gen.mt.fillUniform24(out, 0, n);
  if (lo === 0 && range === 1) return;
  for (let i = 0; i < n; i++) out[i] = fmaF32(out[i]!, range, lo);
}

/**
 * `tensor.uniform_(from, to)` on float64: one `random64()` per element,
 * `x = (r & (2^53 - 1)) * 2^-53`, then `fma(x, to - from, from)` rounded once in float64.
 */
export function uniformF64(gen: Generator, out: Float64Array, from = 0, to = 1): void {
  checkUniformArgs(from, to, Number.MAX_VALUE, 'double');
  const range = to - from;
  const n = out.length;
  if (from === 0 && range === 1) {
    for (let i = 0; i < n; i++) out[i] = gen.randomU53();
    return;
  }
  for (let i = 0; i < n; i++) out[i] = fma64(gen.randomU53(), range, from);
}

/**
 * One standard normal from `at::normal_distribution<double>` (Box-Muller in double), returning
 * the generator's cached second value first. PyTorch 1.13 writes `log(1 - u2)`; 2.x writes
 * `log1p(-u2)` (same float32 results; float64 results can differ in the last bit).
 */
function standardNormal(gen: Generator): number {
  const cached = gen.takeCachedNormal();
  if (cached !== undefined) return cached;
  const u1 = gen.randomU53();
  const u2 = gen.randomU53();
  const r = sqrt(-2 * logF64(1 - u2));
  sincosF64(TWO_PI * u1, SINCOS);
  gen.cacheNormal(r * SINCOS[0]!);
  return r * SINCOS[1]!;
}

function checkStd(std: number): void {
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
}

/**
 * `tensor.normal_(mean, std)` on float32 (`torch.randn` is `(0, 1)`).
 *
 * Fewer than 16 elements: per element `f32(fma(z, std, mean))` with `z` from Box-Muller in
 * double and its cache on the generator. 16 or more: all uniforms first, then Box-Muller
 * on blocks of 16 with the float32 Cephes kernels, and if `n % 16 != 0` the last 16 are
 * redone from 16 fresh uniforms (draws: `n + (n % 16 ? 16 : 0)`; the cache is left alone).
 */
export function normalF32(gen: Generator, out: Float32Array, mean = 0, std = 1): void {
  checkStd(std);
  const n = out.length;
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = f32(fma64(standardNormal(gen), std, mean));
    return;
  }
  const meanF = f32(mean);
  const stdF = f32(std);
  const kernels = activeRandomKernels();
  if (kernels !== null && n >= RANDOM_KERNEL_MIN
    && runOnEngine(gen.mt, (state, left, next) => kernels.normalF32(state, left, next, out, meanF, stdF))) return;
  gen.mt.fillUniform24(out, 0, n);
  normalFillBlocksF32(out, 0, n >>> 4, meanF, stdF);
  if (n % 16 !== 0) {
    gen.mt.fillUniform24(out, n - 16, n);
    normalFill16F32(out, n - 16, meanF, stdF);
  }
}

/** `normal_fill_16<double>`: Box-Muller in double with log/cos/sin (glibc's, here correctly rounded), then `fma(n, std, mean)`. */
function normalFill16F64(d: Float64Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - d[o + j]!;
    const u2 = d[o + j + 8]!;
    const radius = sqrt(-2 * logF64(u1));
    sincosF64(TWO_PI * u2, SINCOS);
    d[o + j] = fma64(radius * SINCOS[1]!, std, mean);
    d[o + j + 8] = fma64(radius * SINCOS[0]!, std, mean);
  }
}

/**
 * `tensor.normal_(mean, std)` on float64: below 16 elements the cached Box-Muller path as for
 * float32; from 16 on, PyTorch's generic `normal_fill` in double (not the AVX2 float kernel),
 * with the same draw pattern (all uniforms, blocks of 16, the tail redone).
 */
export function normalF64(gen: Generator, out: Float64Array, mean = 0, std = 1): void {
  checkStd(std);
  const n = out.length;
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = fma64(standardNormal(gen), std, mean);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = gen.randomU53();
  for (let b = 0; b + 16 <= n; b += 16) normalFill16F64(out, b, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = gen.randomU53();
    normalFill16F64(out, n - 16, mean, std);
  }
}

/**
 * The per-element normal path for any length: what PyTorch runs for non-contiguous tensors
 * (and below 16 elements): Box-Muller in double with the generator's cache, `fma(z, std, mean)`.
 */
export function normalPerElement(gen: Generator, out: Float32Array | Float64Array, mean = 0, std = 1): void {
  checkStd(std);
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = f32(fma64(standardNormal(gen), std, mean));
  else for (let i = 0; i < out.length; i++) out[i] = fma64(standardNormal(gen), std, mean);
}

/** Scratch for batches of raw engine outputs (uint32). */
const RAW_DRAWS = new Uint32Array(4096);

/** PyTorch switches randperm to `random64()` from this size on (`UINT32_MAX / 20`). */
export const RANDPERM_RANDOM64_THRESHOLD = 214748364;

/** `(hi * 2^32 + lo) mod m` for uint32 `hi`, `lo` and `0 < m <= 2^37`, exactly, in doubles. */
function mod64(hi: number, lo: number, m: number): number {
  let r = hi % m;
  r = (r * 65536 + (lo >>> 16)) % m;
  return (r * 65536 + (lo & 0xffff)) % m;
}

/**
 * `torch.randperm(n)` as int32. Below 214748364 (PyTorch's "small n"): identity, then for
 * i in 0..n-2 swap r[i] with r[i + random() % (n - i)]. From there on PyTorch's inside-out
 * shuffle with `random64() % (i + 1)`.
 */
export function randperm(gen: Generator, n: number): Int32Array {
  // PyTorch's kernel message, its missing space included (TORCH_CHECK(n >= 0, "...got", n)).
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be non-negative, got${n}`);
  if (n > 0x7fffffff) throw new RangeError(`randperm(${n}) does not fit in an Int32Array`);
  const r = new Int32Array(n);
  if (n < RANDPERM_RANDOM64_THRESHOLD) {
    for (let i = 0; i < n; i++) r[i] = i;
    // The n - 1 draws taken in batches from the engine (a call per value costs more than the swap).
    const draws = RAW_DRAWS.length < n - 1 ? RAW_DRAWS : RAW_DRAWS.subarray(0, n - 1);
    for (let i0 = 0; i0 < n - 1; i0 += draws.length) {
      const count = n - 1 - i0 < draws.length ? n - 1 - i0 : draws.length;
      gen.mt.fillRaw(draws, 0, count);
      for (let k = 0; k < count; k++) {
        const i = i0 + k;
        const z = i + (draws[k]! % (n - i));
        const save = r[i]!;
        r[i] = r[z]!;
        r[z] = save;
      }
    }
    return r;
  }
  for (let i = 0; i < n; i++) {
    const hi = gen.random();
    const z = mod64(hi, gen.random(), i + 1);
    r[i] = r[z]!;
    r[z] = i;
  }
  return r;
}

/**
 * `torch.randint(low, high)` into `out` (`tensor.random_(low, high)`): per element
 * `random() % (high - low) + low`; float outputs with a range of 2^32 or more use `random64()`
 * as PyTorch does (int32 outputs never do). Bounds must be safe integers, `low < high`.
 */
export function randint(gen: Generator, out: Int32Array | Float32Array | Float64Array, low: number, high: number): void {
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
    throw new TypeError(`randint bounds must be safe integers, got low=${low}, high=${high}`);
  }
  if (!(low < high)) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const isInt = out instanceof Int32Array;
  if (isInt && (low < -0x80000000 || low > 0x7fffffff)) throw new RangeError('from is out of bounds for int');
  if (isInt && (high - 1 < -0x80000000 || high - 1 > 0x7fffffff)) throw new RangeError('to - 1 is out of bounds for int');
  const range = high - low;
  const n = out.length;
  if (isInt || range < TWO_POW_32) {
    for (let i = 0; i < n; i++) out[i] = (gen.random() % range) + low;
    return;
  }
  if (range <= 2 ** 37) {
    for (let i = 0; i < n; i++) {
      const hi = gen.random();
      out[i] = mod64(hi, gen.random(), range) + low;
    }
    return;
  }
  const big = BigInt(range);
  for (let i = 0; i < n; i++) out[i] = Number(gen.random64() % big) + low; // rare: huge ranges
}

/**
 * `tensor.bernoulli_(p)` with PyTorch's default CPU kernel: 1 where `U53() < p`, else 0
 * (one `random64()` per element). `Dropout` draws its mask this way with p = 1 - dropout rate.
 * PyTorch builds with MKL on Intel CPUs (the pip wheels) use MKL's own stream instead,
 * so their masks are not reproduced; builds without MKL, and AMD CPUs, use this kernel.
 */
export function bernoulli(gen: Generator, out: Float32Array | Float64Array | Uint8Array | Int32Array, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = gen.randomU53() < p ? 1 : 0;
}

/** {@link bernoulli} on float32, the Dropout mask. */
export function bernoulliF32(gen: Generator, out: Float32Array, p: number): void {
  bernoulli(gen, out, p);
}

const INT63_MASK = (1n << 63n) - 1n;

/**
 * What `torch.empty((), dtype=torch.int64).random_()` returns: `random64() & (2^63 - 1)`.
 * A DataLoader draws one when its iterator is created (`_base_seed`, used only by workers).
 */
export function iteratorBaseSeed(gen: Generator): bigint {
  return gen.random64() & INT63_MASK;
}

/**
 * `RandomSampler` without its own generator, at the first batch of an epoch: one more
 * `random64() & (2^63 - 1)` seeds a new Generator, which runs `randperm(n)`.
 */
export function samplerPermutation(gen: Generator, n: number): Int32Array {
  return randperm(new Generator(iteratorBaseSeed(gen)), n);
}

/**
 * The bounds `nn.Linear`/`nn.ConvNd.reset_parameters` pass to `uniform_` for a layer with
 * `fanIn` inputs: `[weightBound, biasBound]`, computed in doubles in PyTorch's order
 * (kaiming_uniform_ with a = sqrt(5), then 1 / sqrt(fanIn)). Use as
 * `uniformF32(gen, weight, -w, w)` then `uniformF32(gen, bias, -b, b)`.
 */
export function kaimingUniformBounds(fanIn: number): [number, number] {
  if (!(fanIn > 0)) return [0, 0];
  const a = sqrt(5);
  const gain = sqrt(2 / (1 + a * a));
  const std = gain / sqrt(fanIn);
  return [sqrt(3) * std, 1 / sqrt(fanIn)];
}
