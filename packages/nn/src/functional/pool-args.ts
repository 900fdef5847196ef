/**
 * Argument binding shared by the functional pools and the pool layers (not part of F): PyTorch's
 * positional orders, the options objects, and the kernel-size TypeError of PyTorch's parser.
 */
import { bindOptions, boolArg, nnOps, type PyArgs } from '@torchlet/core/internal';

export type IntPair = nnOps.IntPair;
/** F.max_pool{1,2,3}d's options; PyTorch's positional order is (stride, padding, dilation, ceil_mode, return_indices). */
export interface MaxPoolFnOptions {
  stride?: IntPair | null; padding?: IntPair; dilation?: IntPair; ceilMode?: boolean; returnIndices?: boolean;
}
const MAX_POOL_FN_KEYS: (keyof MaxPoolFnOptions)[] = ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'];
type MaxPoolPositional = [stride: IntPair | null, padding: IntPair, dilation: IntPair, ceilMode: boolean];
/** The trailing arguments of F.max_poolNd, by whether they ask for the indices. */
export type MaxPoolFnArgs = PyArgs<[...MaxPoolPositional, returnIndices: false], MaxPoolFnOptions & { returnIndices?: false }>;
export type MaxPoolFnArgsWithIndices = [...MaxPoolPositional, true] | [MaxPoolFnOptions & { returnIndices: true }];

/** F.max_poolNd's trailing arguments bound; `kernelSize` must be ints as PyTorch's parser checks. */
export function maxPoolFnOptions(fn: string, kernelSize: unknown, args: readonly unknown[]): MaxPoolFnOptions {
  checkKernelSize(fn, kernelSize);
  const o = bindOptions<MaxPoolFnOptions>(fn, MAX_POOL_FN_KEYS, args);
  boolArg(fn, 'ceil_mode', o.ceilMode, false);
  boolArg(fn, 'return_indices', o.returnIndices, false);
  return o;
}

/** PyTorch's "max_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, not float". */
export function checkKernelSize(fn: string, k: unknown): void {
  const ok = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);
  if (Array.isArray(k) ? k.every(ok) : ok(k)) return;
  const bad = Array.isArray(k) ? 'list' : typeof k === 'number' ? 'float' : typeof k === 'string' ? 'str' : String(k === null ? 'NoneType' : typeof k);
  throw new TypeError(`${fn}(): argument 'kernel_size' (position 2) must be tuple of ints, not ${bad}`);
}

/** F.avg_poolNd's options; PyTorch's positional order is (stride, padding, ceil_mode, count_include_pad, divisor_override). */
export interface AvgPoolFnOptions {
  stride?: IntPair | null; padding?: IntPair; ceilMode?: boolean; countIncludePad?: boolean; divisorOverride?: number | null;
}
export const AVG_POOL_FN_KEYS: (keyof AvgPoolFnOptions)[] = ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'];
export type AvgPoolFnArgs = PyArgs<[
  stride: IntPair | null, padding: IntPair, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null,
], AvgPoolFnOptions>;

/** F.avg_poolNd's trailing arguments bound (avg_pool1d has no divisor_override: pass the first four keys). */
export function avgPoolFnOptions(fn: string, kernelSize: unknown, args: readonly unknown[], keys = AVG_POOL_FN_KEYS): AvgPoolFnOptions {
  checkKernelSize(fn, kernelSize);
  const o = bindOptions<AvgPoolFnOptions>(fn, keys, args);
  boolArg(fn, 'ceil_mode', o.ceilMode, false);
  boolArg(fn, 'count_include_pad', o.countIncludePad, true);
  return o;
}

