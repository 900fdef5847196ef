/**
 * Fractional max pooling 2-D (FractionalMaxPool2DBackward0): pseudo-random window starts per
 * plane from samples u in [0, 1) (PyTorch's generate_intervals, in the input's dtype), then the
 * shared tap-table max with indices.
 */
import type { Tensor } from '../../tensor';
import { fromHost } from '../util';
import { rand } from '../creation';
import { checkHostOp } from '../devices';
import { tableArrays, windowMax, tuple, type IntTuple, type TapTable } from './pool';

export interface FractionalMaxPoolOptions {
  /** The output size (oH, oW); give it or outputRatio. */
  outputSize?: IntTuple | null;
  /** The output size as a fraction of the input size, in (0, 1). */
  outputRatio?: number | readonly number[] | null;
  /** [N, C, 2] samples in [0, 1) (PyTorch's `_random_samples`); drawn with rand() when absent. */
  randomSamples?: Tensor | null;
}

/** Window starts along one axis (float32 math for float32 samples, as PyTorch's scalar_t). */
function intervals(sample: number, n: number, out: number, k: number, f32: boolean): number[] {
  const r = f32 ? Math.fround : (v: number): number => v;
  const seq = new Array<number>(out).fill(0);
  if (out > 1) {
    const alpha = r(r(n - k) / r(out - 1));
    for (let i = 0; i < out - 1; i++) seq[i] = Math.trunc(r(r(i + sample) * alpha)) - Math.trunc(r(sample * alpha));
  }
  if (out > 0) seq[out - 1] = n - k;
  return seq;
}

/**
 * F.fractional_max_pool2d with indices over [N, C, H, W] or [C, H, W].
 * @example fractionalMaxPool2d(x, 2, { outputRatio: 0.5 })
 */
export function fractionalMaxPool2d(input: Tensor, kernelSize: IntTuple, opts: FractionalMaxPoolOptions = {}): [Tensor, Tensor] {
  if (input.shape.length < 3) throw new Error(`Dimension out of range (expected to be in range of [-${input.shape.length}, ${input.shape.length - 1}], but got -3)`);
  const [kh, kw] = tuple(kernelSize, 2, 'kernel_size') as [number, number];
  let out: number[];
  if (opts.outputSize !== null && opts.outputSize !== undefined) out = tuple(opts.outputSize, 2, 'output_size');
  else if (opts.outputRatio !== null && opts.outputRatio !== undefined) {
    const ratio = typeof opts.outputRatio === 'number' ? [opts.outputRatio, opts.outputRatio] : tuple(opts.outputRatio, 2, 'output_ratio');
    out = [Math.trunc(input.shape.at(-2)! * ratio[0]!), Math.trunc(input.shape.at(-1)! * ratio[1]!)];
  } else throw new Error('fractional_max_pool2d requires specifying either an output_size or an output_ratio');
  if (input.shape.length !== 3 && input.shape.length !== 4) throw new Error(`fractional_max_pool2d(): Expected 3D or 4D tensor, but got: [${input.shape.join(', ')}]`);
  const [n, c, h, w] = (input.shape.length === 3 ? [1, ...input.shape] : input.shape) as [number, number, number, number];
  const [oh, ow] = out as [number, number];
  if (oh + kh - 1 > h) throw new Error(`fractional_max_pool2d(): pool height ${kh} too large relative to input height ${h}`);
  if (ow + kw - 1 > w) throw new Error(`fractional_max_pool2d(): pool width ${kw} too large relative to input width ${w}`);
  const samples = opts.randomSamples ?? rand([n, c, 2], { dtype: input.dtype });
  if (samples.shape.length !== 3 || samples.shape[0] !== n || samples.shape[1] !== c || samples.shape[2] !== 2) {
    throw new Error(`Expect _random_samples to be of shape [${n}, ${c}, 2] but got [${samples.shape.join(', ')}]`);
  }
  checkHostOp('fractional_max_pool2d', "Its windows are computed on the host: run it on a CPU copy, F.fractionalMaxPool2d(await x.toAsync('cpu'), ...)", input, samples);
  const u = samples.toTypedArray(), f32 = input.dtype === 'float32';
  const k = kh * kw, l = oh * ow, read = new Int32Array(n * c * k * l);
  for (let plane = 0; plane < n * c; plane++) {
    const starts = (seq: number[], kk: number): Int32Array => Int32Array.from({ length: seq.length * kk }, (_, i) => seq[Math.floor(i / kk)]! + (i % kk));
    const sh = intervals(Number(u[plane * 2 + 1]), h, oh, kh, f32), sw = intervals(Number(u[plane * 2]), w, ow, kw, f32);
    const t = tableArrays([h, w], [{ out: oh, k: kh, taps: starts(sh, kh) }, { out: ow, k: kw, taps: starts(sw, kw) }]);
    read.set(t.read, plane * k * l);
  }
  const idx = fromHost(read, [n, c, k, l], 'int32');
  const table: TapTable = { read: idx, report: idx, k, l, planeSize: h * w, outSize: [oh, ow] };
  return windowMax(input, table, 'FractionalMaxPool2DBackward0');
}
