/**
 * gradcheck: compares backward's gradients with central differences in float64, one input
 * element at a time, as torch.autograd.gradcheck does; gradgradcheck does the same for the
 * gradient itself (double backward).
 */
import { backendOf, type View } from '../backend/index';
import { numelOf } from '../shape';
import { Tensor } from '../tensor';
import { enableGrad, noGrad } from './grad-mode';
import { grad } from './api';

/** Options of gradcheck and gradgradcheck (PyTorch's eps, atol, rtol). */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5): an entry passes when |numerical - analytical| <= atol + rtol * |numerical|. */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw with details on failure (default) or return false. */
  raiseException?: boolean;
}

/**
 * Checks the gradients of `fn` at `inputs` (the float64 ones that require grad) against central
 * differences. Returns true, or throws (or returns false) naming the first mismatch.
 * @example gradcheck((x) => x.exp().sum(1), [randn(2, 3, { dtype: 'float64', requiresGrad: true })])
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  const diffable = inputs.filter((t) => t.requiresGrad);
  for (const t of diffable) {
    if (t.dtype !== 'float64') {
      throw new Error('gradcheck expects float64 inputs requiring grad; got ' + t.dtype);
    }
  }
  const out = fn(...inputs);
  const outNumel = out.numel();
  // Analytical Jacobian, one output element at a time (vector-Jacobian products). An output
  // that does not require grad has a zero Jacobian, which the numerical one must confirm.
  const analytical = diffable.map((t) => new Float64Array(t.numel() * outNumel));
  for (let j = 0; j < outNumel && out.requiresGrad; j++) {
    const oneHot = new Float64Array(outNumel);
    oneHot[j] = 1;
    const seed64 = Tensor.fromData(oneHot, out.shape.slice(), 'float64');
    const seed = out.dtype === 'float64' ? seed64 : seed64.to(out.dtype);
    const res = fn(...inputs);
    const gs = grad([res], diffable, { gradOutputs: [seed], allowUnused: true });
    gs.forEach((g, k) => {
      if (!g) return;
      const vals = g.contiguous().toTypedArray();
      for (let i = 0; i < diffable[k]!.numel(); i++) analytical[k]![i * outNumel + j] = vals[i]!;
    });
  }
  // Numerical Jacobian by central differences, perturbing each input element in place (a raw
  // write, no version bump: fn runs under noGrad, so no saved tensor sees it).
  for (let k = 0; k < diffable.length; k++) {
    const t = diffable[k]!;
    const be = backendOf(t);
    const values = t.toTypedArray();
    const positions = elementOffsets(t);
    for (let i = 0; i < positions.length; i++) {
      const elem: View = { storage: t.storage, shape: [], strides: [], offset: positions[i]!, dtype: t.dtype };
      const orig = values[i]!;
      const evalAt = (v: number): Float64Array => {
        be.fill(elem, v);
        return Float64Array.from(noGrad(() => fn(...inputs)).toTypedArray());
      };
      const plus = evalAt(orig + eps), minus = evalAt(orig - eps);
      be.fill(elem, orig);
      for (let j = 0; j < outNumel; j++) {
        const num = (plus[j]! - minus[j]!) / (2 * eps);
        const ana = analytical[k]![i * outNumel + j]!;
        if (!(Math.abs(num - ana) <= atol + rtol * Math.abs(num))) {
          if (opts.raiseException === false) return false;
          throw new Error(`Jacobian mismatch for output 0 with respect to input ${k},\nnumerical:${num}\nanalytical:${ana}\n(element ${i} of the input, ${j} of the output)`);
        }
      }
    }
  }
  return true;
}

/**
 * Checks second derivatives: gradcheck of x -> autograd.grad(fn(x), x, gradOutputs, createGraph)
 * for each input, with fixed pseudo-random gradOutputs (or the ones given).
 * @example gradgradcheck((x) => x.sigmoid().pow(2), [randn(3, { dtype: 'float64', requiresGrad: true })])
 */
export function gradgradcheck(
  fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions & { gradOutputs?: Tensor } = {},
): boolean {
  const out = fn(...inputs);
  const v = opts.gradOutputs ?? pseudoRandom(out.shape, out.dtype);
  const diffable = inputs.filter((t) => t.requiresGrad);
  for (let k = 0; k < diffable.length; k++) {
    // Grad mode stays on inside: gradcheck's finite differences run fn under noGrad.
    const firstOrder = (...xs: Tensor[]): Tensor => enableGrad(() => {
      const gs = grad([fn(...xs)], diffable, { gradOutputs: [v], createGraph: true, allowUnused: true });
      return gs[k] ?? Tensor.fromData(new Float64Array(diffable[k]!.numel()), diffable[k]!.shape.slice(), 'float64');
    });
    if (!gradcheck(firstOrder, inputs, opts)) return false;
  }
  return true;
}

/** Deterministic values in [-1, 1) (a small LCG), so checks do not touch the global generator. */
function pseudoRandom(shape: readonly number[], dtype: Tensor['dtype']): Tensor {
  const n = numelOf(shape);
  const data = new Float64Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = (s / 2 ** 32) * 2 - 1;
  }
  const t = Tensor.fromData(data, shape.slice(), 'float64');
  return dtype === 'float64' ? t : t.to(dtype);
}

/** The storage offset of each element of t, in row-major order (toTypedArray's order). */
function elementOffsets(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, off: number): void => {
    if (d === t.shape.length) { out.push(off); return; }
    for (let i = 0; i < t.shape[d]!; i++) walk(d + 1, off + i * t.strides[d]!);
  };
  walk(0, t.offset);
  return out;
}
