/**
 * Shared by the webgpu op pages: an op case run on webgpu and on the CPU from the same inputs,
 * its outputs and the input gradients of a weighted sum of them, compared by relative error.
 */
import * as torch from 'torchlet';
import type { Tensor } from 'torchlet';

export type Device = 'cpu' | 'webgpu';

/** An op case: its inputs on a device (float ones require grad), the outputs to compare. */
export interface OpCase { name: string; tol?: number; inputs: () => Tensor[]; run: (xs: Tensor[], device: Device) => Tensor[] }

export async function values(ts: Tensor[]): Promise<number[]> {
  const out: number[] = [];
  for (const t of ts) out.push(...Array.from(await t.toTypedArrayAsync(), Number));
  return out;
}

/** Outputs, then the gradients of sum(out * w) for every floating input, on `device`. */
export async function evaluate(c: OpCase, base: Tensor[], device: Device): Promise<number[]> {
  const xs = base.map((x) => {
    const d = x.to(device).detach();
    return d.dtype === 'float32' ? d.requiresGrad_() : d;
  });
  const outs = c.run(xs, device);
  const floats = outs.filter((o) => o.requiresGrad);
  if (floats.length > 0) {
    torch.manualSeed(1);
    floats.map((o) => o.mul(torch.rand(o.shape).to(device)).sum()).reduce((a, b) => a.add(b)).backward();
  }
  const grads = xs.filter((x) => x.requiresGrad).map((x) => x.grad ?? torch.zeros([0]).to(device));
  return values([...outs.map((o) => o.detach()), ...grads]);
}

export function relErr(got: number[], want: number[], atol = 1e-6): { err: number; at: string } {
  if (got.length !== want.length) return { err: Infinity, at: `length ${got.length} vs ${want.length}` };
  let m = 0, at = '';
  want.forEach((w, i) => {
    const g = got[i]!;
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) return;
    const e = Math.abs(g - w) / (Math.abs(w) + atol);
    if (!(e <= m)) { m = e; at = `[${i}] got ${g} want ${w}`; }
  });
  return { err: m, at };
}
