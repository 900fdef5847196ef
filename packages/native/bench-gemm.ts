/**
 * sgemm micro benchmark (not a test): GFLOPS of the native backend's matmul for square float32
 * products on 1 and 2 threads, its error against a float64 product, and the crossover with the
 * js kernel that sets NATIVE_MATMUL_MIN_MACS.
 * Run: npx tsx --conditions=torchlet-source packages/native/bench-gemm.ts [--kernel=avx2] [--all-kernels]
 */
import { HostStorage, getBackend, hostData, type View } from '@torchlet/core/backend';
import {
  getNumThreads, isNativeAvailable, nativeGemmKernel, nativeGemmKernels, nativeLoadError, setNativeGemmKernel,
  setNumThreads,
} from './src/index';
import { nativeAddon } from './src/addon';

function view(data: Float32Array, B: number, R: number, C: number): View {
  return { storage: new HostStorage(data), shape: [B, R, C], strides: [R * C, C, 1], offset: 0, dtype: 'float32' };
}

function random(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.random() * 2 - 1;
  return x;
}

/** Best seconds per call over several timed batches of calls (warm-up first). */
function timeIt(fn: () => void, minSeconds = 0.3): number {
  for (let i = 0; i < 3; i++) fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    let reps = 0;
    const t0 = process.hrtime.bigint();
    let dt = 0;
    while (dt < minSeconds / 5) {
      fn();
      reps++;
      dt = Number(process.hrtime.bigint() - t0) / 1e9;
    }
    best = Math.min(best, dt / reps);
  }
  return best;
}

/** max |C - C64| / max |C64| with a float64 reference (i-k-j loops). */
function relativeError(a: Float32Array, b: Float32Array, c: Float32Array, n: number): number {
  const row = new Float64Array(n);
  let maxErr = 0, maxRef = 0;
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      for (let j = 0; j < n; j++) row[j]! += aik * b[k * n + j]!;
    }
    for (let j = 0; j < n; j++) {
      maxErr = Math.max(maxErr, Math.abs(c[i * n + j]! - row[j]!));
      maxRef = Math.max(maxRef, Math.abs(row[j]!));
    }
  }
  return maxErr / maxRef;
}

function benchSquare(kernel: string): void {
  setNativeGemmKernel(kernel);
  const native = getBackend('native');
  console.log(`\nkernel ${kernel}: GFLOPS for n x n x n float32 products`);
  console.log('    n   1 thread   2 threads   rel. error (n=512 vs float64)');
  for (const n of [128, 256, 512, 1024]) {
    const a = random(n * n), b = random(n * n), c = new Float32Array(n * n);
    const av = view(a, 1, n, n), bv = view(b, 1, n, n), cv = view(c, 1, n, n);
    const gflops: string[] = [];
    for (const threads of [1, 2]) {
      setNumThreads(threads);
      const s = timeIt(() => native.matmul(av, bv, cv));
      gflops.push((2 * n * n * n / s / 1e9).toFixed(1).padStart(9));
    }
    const err = n === 512 ? relativeError(a, b, c, n).toExponential(2) : '';
    console.log(`${String(n).padStart(5)} ${gflops[0]}   ${gflops[1]}   ${err}`);
  }
}

/** Times js and native on small cubes: where native starts to win sets the dispatch threshold. */
function crossover(): void {
  const js = getBackend('js');
  console.log('\nsmall products, microseconds per call (single thread): js kernel vs native sgemm');
  setNumThreads(1);
  for (const n of [2, 4, 8, 12, 16, 24, 32, 48, 64]) {
    const a = view(random(n * n), 1, n, n), b = view(random(n * n), 1, n, n), c = new Float32Array(n * n);
    const cv = view(c, 1, n, n);
    const tJs = timeIt(() => js.matmul(a, b, cv), 0.1) * 1e6;
    // The addon directly: the backend itself would hand these small products to js.
    const tNative = timeIt(() => directSgemm(a, b, c), 0.1) * 1e6;
    console.log(`  n=${String(n).padStart(3)} (${String(n * n * n).padStart(6)} MACs)  js ${tJs.toFixed(2).padStart(8)}  native ${tNative.toFixed(2).padStart(8)}`);
  }
}

const params = new Float64Array(12);

function directSgemm(a: View, b: View, c: Float32Array): void {
  const [B, M, K] = a.shape as [number, number, number];
  params.set([a.offset, a.strides[0]!, a.strides[1]!, a.strides[2]!, b.offset, b.strides[0]!, b.strides[1]!, b.strides[2]!, B, M, K, b.shape[2]!]);
  const ad = hostData(a), bd = hostData(b);
  if (!(ad instanceof Float32Array) || !(bd instanceof Float32Array)) throw new TypeError('sgemm takes float32 views');
  nativeAddon()!.sgemm(ad, bd, c, params);
}

function main(): void {
  if (!isNativeAvailable()) {
    console.log(`native backend unavailable: ${nativeLoadError()}`);
    return;
  }
  const threads = getNumThreads();
  const arg = process.argv.find((s) => s.startsWith('--kernel='));
  // 'layout8x32' (the AVX-512 tiling in baseline code) exists for tests: run it only by name.
  const kernels = process.argv.includes('--all-kernels') ? nativeGemmKernels().filter((k) => k !== 'layout8x32')
    : [arg ? arg.slice(9) : nativeGemmKernel()];
  console.log(`native sgemm kernels on this CPU: ${nativeGemmKernels().join(', ')}; pool threads: ${threads}`);
  for (const k of kernels) benchSquare(k);
  crossover();
  setNumThreads(threads);
}

main();
