/**
 * PyTorch 1.13's other CPU sampling kernels (cpu/DistributionTemplates.h with the transformations
 * of core/TransformationHelper.h), over typed arrays in draw order. All of them are
 * `cpu_serial_kernel`s: one draw (or one Box-Muller value) per element, computed in double
 * (`*_distribution<double>`) and then cast to the output's dtype. Builds without MKL (Debian's,
 * AMD CPUs) take these paths for exponential_ too; MKL builds on Intel CPUs draw it elsewhere.
 */
import { fma64 } from '../numeric';
import { Generator } from './generator';
import { logF64, sincosF64 } from './libm';

const { ceil, exp, sqrt, tan } = Math;
const TWO_POW_MINUS_24 = 5.9604644775390625e-8;
const TWO_PI = 2 * Math.PI;
const SINCOS = new Float64Array(2);

/** Outputs a kernel writes: a float or integer typed array (bool as Uint8Array). */
export type SampleArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** `x.exponential_(lambd)`: `-1 / lambd * log(1 - u)`, u a 53-bit uniform. */
export function exponentialFill(gen: Generator, out: Float32Array | Float64Array, lambd: number): void {
  const scale = -1 / lambd;
  for (let i = 0; i < out.length; i++) out[i] = scale * logF64(1 - gen.randomU53());
}

/** `x.geometric_(p)`: `ceil(log(u) / log(1 - p))` (trials until the first success, from 1). */
export function geometricFill(gen: Generator, out: SampleArray, p: number): void {
  const denom = logF64(1 - p);
  for (let i = 0; i < out.length; i++) out[i] = ceil(logF64(gen.randomU53()) / denom);
}

/** `x.cauchy_(median, sigma)`: `median + sigma * tan(pi * (u - 0.5))`, one fused multiply-add. */
export function cauchyFill(gen: Generator, out: Float32Array | Float64Array, median: number, sigma: number): void {
  for (let i = 0; i < out.length; i++) out[i] = fma64(sigma, tan(Math.PI * (gen.randomU53() - 0.5)), median);
}

/**
 * One `normal_distribution<double>(mean, std)` draw: Box-Muller with the generator's cached
 * second value, `fma(z, std, mean)`.
 */
function normalDouble(gen: Generator, mean: number, std: number): number {
  let z = gen.takeCachedNormal();
  if (z === undefined) {
    const u1 = gen.randomU53();
    const u2 = gen.randomU53();
    const r = sqrt(-2 * logF64(1 - u2));
    sincosF64(TWO_PI * u1, SINCOS);
    gen.cacheNormal(r * SINCOS[0]!);
    z = r * SINCOS[1]!;
  }
  return fma64(z, std, mean);
}

/** `x.log_normal_(mean, std)`: `exp` of a per-element double normal (its cache included). */
export function logNormalFill(gen: Generator, out: Float32Array | Float64Array, mean: number, std: number): void {
  for (let i = 0; i < out.length; i++) out[i] = exp(normalDouble(gen, mean, std));
}

/**
 * `bernoulli_(p)` with a tensor of probabilities, one draw per element in `p`'s precision:
 * float64 p compares a 53-bit uniform, float32 p a 24-bit one (`random() & 0xffffff`).
 */
export function bernoulliTensorFill(gen: Generator, out: SampleArray, p: Float32Array | Float64Array): void {
  if (p instanceof Float64Array) for (let i = 0; i < out.length; i++) out[i] = gen.randomU53() < p[i]! ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = (gen.random() & 0xffffff) * TWO_POW_MINUS_24 < p[i]! ? 1 : 0;
}

const MOD_F64 = 2n ** 53n + 1n;

/**
 * `x.random_()`: integers over the dtype's exactly representable range. float32:
 * `random() % (2^24 + 1)`; float64: `random64() % (2^53 + 1)`; int32: `random() % 2^31`;
 * bool: `random() & 1`.
 */
export function randomFullFill(gen: Generator, out: SampleArray): void {
  const n = out.length;
  if (out instanceof Float64Array) for (let i = 0; i < n; i++) out[i] = Number(gen.random64() % MOD_F64);
  else if (out instanceof Float32Array) for (let i = 0; i < n; i++) out[i] = gen.random() % 16777217;
  else if (out instanceof Int32Array) for (let i = 0; i < n; i++) out[i] = gen.random() & 0x7fffffff;
  else for (let i = 0; i < n; i++) out[i] = gen.random() & 1;
}
