/**
 * Broadcasting, property-tested: random broadcast-compatible shape pairs give add/mul results
 * equal to a naive reference loop (bit for bit in float32), gradients of the shapes of the
 * inputs equal to the reference reduction, and incompatible pairs fail with PyTorch's message.
 */
import fc from 'fast-check';
import { Tensor, broadcastShapes, zeros } from '@torchlet/core';

/** A result shape (0-4 dims of size 1-4) and two operand shapes that broadcast to it. */
const compatiblePair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((out) => {
    const operand = fc
      .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
    return fc.tuple(fc.constant(out), operand, operand);
  });

function numel(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Values that make every float32 sum and product exact to check (small dyadic rationals). */
function values(shape: readonly number[], seed: number): Tensor {
  const n = numel(shape);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (((i * 7919 + seed * 104729) % 23) - 11) / 8;
  return Tensor.fromData(data, shape.slice(), 'float32');
}

/** The flat index into `shape` (right-aligned in `out`) of the output position `idx`. */
function sourceIndex(shape: readonly number[], out: readonly number[], idx: readonly number[]): number {
  const lead = out.length - shape.length;
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + (shape[d] === 1 ? 0 : idx[d + lead]!);
  return flat;
}

function* positions(shape: readonly number[]): Generator<number[]> {
  const n = numel(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    yield idx.slice();
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

describe('broadcasting (property-based)', () => {
  it('add and mul equal a naive broadcast loop', () => {
    fc.assert(fc.property(compatiblePair, fc.integer({ min: 0, max: 1000 }), ([, sa, sb], seed) => {
      const a = values(sa, seed), b = values(sb, seed + 1);
      const out = broadcastShapes(sa, sb);
      const sum = a.add(b), prod = a.mul(b);
      expect(sum.shape).toEqual(out);
      const ad = a.toTypedArray(), bd = b.toTypedArray(), s = sum.toTypedArray(), p = prod.toTypedArray();
      let k = 0;
      for (const idx of positions(out)) {
        const x = ad[sourceIndex(sa, out, idx)]!, y = bd[sourceIndex(sb, out, idx)]!;
        expect(s[k]).toBe(Math.fround(x + y));
        expect(p[k]).toBe(Math.fround(x * y));
        k++;
      }
    }), { numRuns: 150 });
  });

  it('gradients come back in the shapes of the inputs, summed over broadcast dims', () => {
    fc.assert(fc.property(compatiblePair, ([, sa, sb]) => {
      const out = broadcastShapes(sa, sb);
      const a = values(sa, 3).requiresGrad_(), b = values(sb, 4).requiresGrad_();
      const w = values(out, 5);
      a.mul(b).mul(w).sum().backward();
      expect(a.grad!.shape).toEqual(sa);
      expect(b.grad!.shape).toEqual(sb);
      // Reference: ga[i] = sum over outputs reading a[i] of w * b, and the same for b.
      const ga = new Float64Array(numel(sa)), gb = new Float64Array(numel(sb));
      const ad = a.toTypedArray(), bd = b.toTypedArray(), wd = w.toTypedArray();
      let k = 0;
      for (const idx of positions(out)) {
        const ia = sourceIndex(sa, out, idx), ib = sourceIndex(sb, out, idx);
        ga[ia]! += wd[k]! * bd[ib]!;
        gb[ib]! += wd[k]! * ad[ia]!;
        k++;
      }
      // -0 and +0 both count as zero (PyTorch gives -0 for 0 * negative, as here).
      const plain = (xs: ArrayLike<number>): number[] => Array.from(xs, (v) => (v === 0 ? 0 : v));
      expect(plain(a.grad!.toTypedArray())).toEqual(plain(ga));
      expect(plain(b.grad!.toTypedArray())).toEqual(plain(gb));
    }), { numRuns: 150 });
  });

  it('in-place ops accept a broadcast other only when the result keeps self’s shape', () => {
    fc.assert(fc.property(compatiblePair, ([out, sa, sb]) => {
      const self = zeros(out);
      expect(self.add_(values(sb, 1)).shape).toEqual(out);
      if (numel(sa) < numel(out) || sa.length < out.length) {
        expect(() => zeros(sa).add_(zeros(out))).toThrow(`output with shape [${sa.join(', ')}] doesn't match the broadcast shape [${out.join(', ')}]`);
      }
    }), { numRuns: 100 });
  });

  it('incompatible sizes fail naming both sizes and the rightmost bad dim, as PyTorch', () => {
    const incompatible = fc
      .tuple(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 0, max: 2 }),
      )
      .map(([shape, pos, extra, lead]): [number[], number[]] => {
        const d = pos % shape.length;
        const sa = shape.slice();
        const sb = [...new Array<number>(lead).fill(1), ...shape];
        const bad = Math.max(2, shape[d]!);
        sa[d] = bad;
        sb[lead + d] = bad + extra - 1;
        return [sa, sb];
      });
    fc.assert(fc.property(incompatible, ([sa, sb]) => {
      const n = Math.max(sa.length, sb.length);
      let bad = -1;
      for (let i = n - 1; i >= 0 && bad < 0; i--) {
        const x = sa[sa.length - n + i] ?? 1, y = sb[sb.length - n + i] ?? 1;
        if (x !== y && x !== 1 && y !== 1) bad = i;
      }
      const x = sa[sa.length - n + bad]!, y = sb[sb.length - n + bad]!;
      const msg = `The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${bad}`;
      expect(() => zeros(sa).add(zeros(sb))).toThrow(msg);
      expect(() => zeros(sa).mul(zeros(sb))).toThrow(msg);
      expect(() => broadcastShapes(sa, sb)).toThrow(msg);
    }), { numRuns: 150 });
  });

  it('reports the rightmost mismatch when several dims disagree', () => {
    expect(() => zeros(2, 3).add(zeros(4, 5))).toThrow('The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1');
  });
});
