/**
 * Loads the compiled addon (build/Release/torchlet_native.node) that the package's install step
 * builds with node-gyp. A missing or broken build yields null and a reason, never a throw, so
 * torchlet carries on with its other backends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The functions the C++ addon exports (csrc/addon.cc, csrc/elementwise.cc). */
export interface NativeAddon {
  /** out = a @ b over strided float32 operands; params = [aOff, sab, sam, sak, bOff, sbb, sbk, sbn, B, M, K, N]. */
  sgemm(a: Float32Array, b: Float32Array, out: Float32Array, params: Float64Array, nthreads?: number): void;
  /** out[i] = a[i op-index] op b[...]; params = [n, aOff, aPeriod, bOff, bPeriod] (period: index mod). */
  binaryF32(op: number, a: Float32Array, b: Float32Array, out: Float32Array, params: Float64Array): void;
  /** out[i] = a[aOff + i] op s, computed in float64 like the js kernels; params = [n, aOff]. */
  binaryScalarF32(op: number, a: Float32Array, s: number, out: Float32Array, params: Float64Array): void;
  /** out[i] = op(x[xOff + i]); params = [n, xOff]. */
  unaryF32(op: number, x: Float32Array, out: Float32Array, params: Float64Array, p0: number, p1: number): void;
  /** out[r] = sum of row r in PyTorch's cascade order (len >= 8); params = [rows, len, xOff]. */
  sumRowsF32(x: Float32Array, out: Float32Array, params: Float64Array): void;
  /** out[c] = sum of column c of the contiguous [rows, cols] block at xOff (cols >= 8), in PyTorch's order; params = [rows, cols, xOff]. */
  sumColsF32(x: Float32Array, out: Float32Array, params: Float64Array): void;
  /** out[i] = x[xOff + i] op s as 0/1, compared in double as JS does (op: the eq..ge codes); params = [n, xOff]. */
  compareScalarF32(op: number, x: Float32Array, s: number, out: Uint8Array, params: Float64Array): void;
  /** out[i] = cond[cOff + i] ? a[aOff + i mod aPeriod] : b[...], periods 1 or n; params = [n, cOff, aOff, aPeriod, bOff, bPeriod]. */
  whereF32(cond: Uint8Array, a: Float32Array, b: Float32Array, out: Float32Array, params: Float64Array): void;
  /** out [B,M,N] = a @ b as OpenBLAS's small TN kernel rounds it (16-lane fma sums); params as sgemm's. */
  smallTnF32(a: Float32Array, b: Float32Array, out: Float32Array, params: Float64Array): void;
  /** softmax (log_softmax when `log`) of N rows of C (item c of row n at xOff + n*sN + c*sC); params = [N, C, xOff, sN, sC]. */
  softmaxF32(x: Float32Array, out: Float32Array, params: Float64Array, log: boolean): void;
  /** Its backward from g and the output y; params = [N, C, gOff, gsN, gsC, yOff, ysN, ysC]. */
  softmaxBackwardF32(g: Float32Array, y: Float32Array, out: Float32Array, params: Float64Array, log: boolean): void;
  /**
   * log_softmax's backward of a reduced, unweighted nll gradient gl over rows of C: out[n, c] =
   * fma(-exp(logp[n, c]), gl, c == target[n] ? gl : 0), rows at ignoreIndex untouched;
   * params = [N, C, lOff, sN, sC, tOff, tsN].
   */
  crossEntropyGradF32(logp: Float32Array, target: Int32Array, out: Float32Array, params: Float64Array, ignoreIndex: number, gl: number): void;
  /**
   * Fused update over dense runs: op 0 addScaled, 1 addcmul, 2 addcdiv, 3 lerp (weight c), 4 lerp
   * (weight s); c is read only by 1-3. params = [n, aOff, bOff, cOff].
   */
  fusedF32(op: number, a: Float32Array, b: Float32Array, c: Float32Array, s: number, out: Float32Array, params: Float64Array): void;
  /** out[i] = gelu(x[xOff + i]) as oneDNN's gelu_erf rounds it; params = [n, xOff]. */
  geluOneDnnF32(x: Float32Array, out: Float32Array, params: Float64Array): void;
  /** out[i] = g[gOff + i] * gelu'(x[xOff + i]) as oneDNN's gelu_erf backward rounds it; params = [n, gOff, xOff]. */
  geluBackwardF32(g: Float32Array, x: Float32Array, out: Float32Array, params: Float64Array): void;
  /**
   * torch 1.13's float32 layer norm of rows x [M, N] (from xOff); w, b (from wOff, bOff) and the
   * outputs y [M, N], mean, rstd [M] (dense from 0) may be null. params = [M, N, xOff, wOff, bOff].
   */
  layerNormF32(x: Float32Array, w: Float32Array | null, b: Float32Array | null, y: Float32Array | null,
    mean: Float32Array | null, rstd: Float32Array | null, eps: number, params: Float64Array): void;
  /**
   * Its backward: dx [M, N], dw, db [N] (dense from 0, each may be null) from dy, x, mean, rstd
   * and w (may be null). params = [M, N, dyOff, xOff, meanOff, rstdOff, wOff].
   */
  layerNormBackwardF32(dy: Float32Array, x: Float32Array, mean: Float32Array, rstd: Float32Array, w: Float32Array | null,
    dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, params: Float64Array): void;
  /** dst = src (float32, same shape, any strides); params = [nd, srcOff, dstOff, shape, srcStrides, dstStrides]. */
  copyF32(src: Float32Array, dst: Float32Array, params: Float64Array): void;
  /**
   * PyTorch's float32 uniform_ over out (csrc/random.cc): draws from the MT19937 `state` (advanced in
   * place) at position (left, next); returns the new next.
   */
  randomUniformF32(state: Uint32Array, left: number, next: number, out: Float32Array, lo: number, range: number): number;
  /** PyTorch's AVX2 normal_fill over out (length >= 16), same state convention. */
  randomNormalF32(state: Uint32Array, left: number, next: number, out: Float32Array, mean: number, std: number): number;
  /**
   * 2-D convolution (groups 1) of dense float32 x [N, C, H, W] and w [O, C, kh, kw] plus b [O]
   * (or null) into out [N, O, oh, ow] (csrc/conv.cc); params = [N, C, H, W, O, kh, kw, sh, sw,
   * ph, pw, dh, dw, oh, ow, xOff, wOff, bOff].
   */
  conv2dF32(x: Float32Array, w: Float32Array, b: Float32Array | null, out: Float32Array, params: Float64Array): void;
  /** Its input gradient dx [N, C, H, W] from gy and w; params as conv2dF32's with offsets [gyOff, wOff, 0]. */
  conv2dInputGradF32(gy: Float32Array, w: Float32Array, dx: Float32Array, params: Float64Array): void;
  /** Its weight gradient dw [O, C, kh, kw] from gy and x; params as conv2dF32's with offsets [gyOff, xOff, 0]. */
  conv2dWeightGradF32(gy: Float32Array, x: Float32Array, dw: Float32Array, params: Float64Array): void;
  /** Max pooling of planes x [B, H, W] into out and indices [B, oh, ow] (csrc/pool2d.cc); params = [B, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, xOff]. */
  maxPool2dF32(x: Float32Array, out: Float32Array, indices: Int32Array, params: Float64Array): void;
  /** out[b, indices[b, l]] += gy[b, l]; params = [B, L, plane, gyOff, indicesOff, outOff]. */
  maxPool2dBackwardF32(gy: Float32Array, indices: Int32Array, out: Float32Array, params: Float64Array): void;
  /** Tests: run the scalar forms of the exact kernels above even where AVX2 is present. */
  setExactGeneric(on: boolean): void;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  gemmKernels(): string[];
  gemmKernel(): string;
  setGemmKernel(name: string): boolean;
  /** Changes a kernel's cache blocking (for tuning); mc and nc round down to the micro-tile. */
  setGemmBlocking(name: string, mc: number, kc: number, nc: number): boolean;
  /** Tests: minimum elements per thread and multiply-adds per parallel product; (0, -1) resets. */
  setParallelGrain(elems: number, macs: number): void;
}

const ADDON_FILE = path.join(__dirname, '..', 'build', 'Release', 'torchlet_native.node');

const FUNCTIONS: readonly (keyof NativeAddon)[] = [
  'sgemm', 'binaryF32', 'binaryScalarF32', 'unaryF32', 'sumRowsF32', 'sumColsF32', 'compareScalarF32', 'whereF32', 'smallTnF32', 'softmaxF32', 'softmaxBackwardF32',
  'crossEntropyGradF32', 'fusedF32', 'geluOneDnnF32', 'geluBackwardF32', 'layerNormF32', 'layerNormBackwardF32', 'copyF32', 'randomUniformF32', 'randomNormalF32',
  'conv2dF32', 'conv2dInputGradF32', 'conv2dWeightGradF32', 'maxPool2dF32', 'maxPool2dBackwardF32', 'setExactGeneric', 'setNumThreads', 'getNumThreads',
  'gemmKernels', 'gemmKernel', 'setGemmKernel', 'setGemmBlocking', 'setParallelGrain',
];

function isNativeAddon(x: unknown): x is NativeAddon {
  if (typeof x !== 'object' || x === null) return false;
  const fns: Record<string, unknown> = { ...x };
  return FUNCTIONS.every((name) => typeof fns[name] === 'function');
}

interface LoadResult {
  readonly addon: NativeAddon | null;
  readonly error: string | null;
}

function load(): LoadResult {
  if (process.env['TORCHLET_NATIVE'] === '0') return { addon: null, error: 'disabled by TORCHLET_NATIVE=0' };
  if (!fs.existsSync(ADDON_FILE)) {
    return { addon: null, error: `not built (${ADDON_FILE} is missing; run \`npm run rebuild -w @torchlet/native\`)` };
  }
  try {
    const holder: { exports: unknown } = { exports: {} };
    process.dlopen(holder, ADDON_FILE);
    if (!isNativeAddon(holder.exports)) return { addon: null, error: `${ADDON_FILE} is stale: rebuild it` };
    return { addon: holder.exports, error: null };
  } catch (e) {
    return { addon: null, error: e instanceof Error ? e.message : String(e) };
  }
}

let loaded: LoadResult | null = null;

/** The addon, or null when it was not built or cannot load here. */
export function nativeAddon(): NativeAddon | null {
  loaded ??= load();
  return loaded.addon;
}

/** Why the addon is unavailable (null when it loaded). */
export function nativeLoadError(): string | null {
  loaded ??= load();
  return loaded.error;
}
