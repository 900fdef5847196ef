/**
 * gradcheck: compares backward's gradients with central differences in float64, one input
 * element at a time, as torch.autograd.gradcheck does.
 */
import { Tensor } from '../tensor';
import { noGrad } from './grad-mode';
import { grad } from './api';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw with details on failure (default) or return false. */
  raiseException?: boolean;
}

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
  // Analytical Jacobian, one output element at a time (vector-Jacobian products).
  const analytical = diffable.map((t) => new Float64Array(t.numel() * outNumel));
  for (let j = 0; j < outNumel; j++) {
    const seed = Tensor.fromData(new Float64Array(outNumel), out.shape.slice(), 'float64');
    seed.storage.data[j] = 1;
    const res = fn(...inputs);
    if (!res.requiresGrad) {
      if (diffable.length > 0) throw new Error('gradcheck: the output does not require grad');
      return true;
    }
    const gs = grad([res], diffable, { gradOutputs: [seed], allowUnused: true });
    gs.forEach((g, k) => {
      if (!g) return;
      const vals = g.contiguous().storage.data;
      const gOff = g.contiguous().offset;
      for (let i = 0; i < diffable[k]!.numel(); i++) analytical[k]![i * outNumel + j] = vals[gOff + i]!;
    });
  }
  // Numerical Jacobian by central differences, perturbing each input element in place.
  for (let k = 0; k < diffable.length; k++) {
    const t = diffable[k]!;
    const data = t.storage.data;
    const positions = elementOffsets(t);
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      const orig = data[p]!;
      const evalAt = (v: number): Float64Array => {
        data[p] = v;
        const r = noGrad(() => fn(...inputs)).contiguous();
        return Float64Array.from(r.storage.data.subarray(r.offset, r.offset + outNumel));
      };
      const plus = evalAt(orig + eps), minus = evalAt(orig - eps);
      data[p] = orig;
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

function elementOffsets(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, off: number): void => {
    if (d === t.shape.length) { out.push(off); return; }
    for (let i = 0; i < t.shape[d]!; i++) walk(d + 1, off + i * t.strides[d]!);
  };
  walk(0, t.offset);
  return out;
}
