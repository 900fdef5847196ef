/**
 * unique, uniqueConsecutive, bincount, histc, searchsorted and bucketize against PyTorch
 * (tools/parity/core_unique_search.py).
 */
import * as T from '@torchlet/core';
import { loadCases, replayCases, type ReplayOp } from './replay-fixture';

const flags = (a: Record<string, unknown>): T.UniqueOptions => ({
  returnInverse: a.returnInverse as boolean | undefined,
  returnCounts: a.returnCounts as boolean | undefined,
  ...(a.dim === undefined ? {} : { dim: a.dim as number }),
  ...(a.sorted === undefined ? {} : { sorted: a.sorted as boolean }),
});

const OPS: Record<string, ReplayOp> = {
  unique: (x, a) => x[0]!.unique(flags(a)),
  uniqueConsecutive: (x, a) => {
    const { sorted: _sorted, ...o } = flags(a);
    return T.uniqueConsecutive(x[0]!, o);
  },
  bincount: (x, a) => T.bincount(x[0]!, x[1] ?? null, (a.minlength as number | undefined) ?? 0),
  histc: (x, a) => x[0]!.histc(a),
  searchsorted: (x, a) => T.searchsorted(x[0]!, (a.scalar as number | undefined) ?? x[1]!, {
    right: a.right as boolean | undefined, side: a.side as 'left' | 'right' | undefined, sorter: x[2],
  }),
  bucketize: (x, a) => T.bucketize((a.scalar as number | undefined) ?? x[0]!, x[x.length - 1]!, { right: a.right as boolean | undefined }),
};

describe('PyTorch fixtures', () => {
  replayCases(loadCases('core-unique-search.json'), OPS);
});

describe('API shape', () => {
  it('returns a tensor, or [values, inverse?, counts?] as asked', () => {
    const x = T.tensor([2, 0, 2, 1]);
    const u: T.Tensor = T.unique(x);
    expect(u.tolist()).toEqual([0, 1, 2]);
    const [v, inv, counts] = T.unique(x, { returnInverse: true, returnCounts: true });
    expect([v.tolist(), inv.tolist(), counts.tolist()]).toEqual([[0, 1, 2], [2, 0, 2, 1], [1, 1, 2]]);
    const [, c2] = x.unique({ returnCounts: true });
    expect(c2.tolist()).toEqual([1, 1, 2]);
    expect(() => T.unique(x, { return_counts: true } as T.UniqueOptions))
      .toThrow("unique() got an unexpected keyword argument 'return_counts' (did you mean 'returnCounts'?)");
  });
  it('unique puts NaN last, each one distinct (as PyTorch 2.x)', () => {
    const [v, inv, counts] = T.unique(T.tensor([3, NaN, 1, NaN, 3]), { returnInverse: true, returnCounts: true });
    expect(v.tolist()).toEqual([1, 3, NaN, NaN]);
    expect(inv.tolist()).toEqual([1, 2, 0, 3, 1]);
    expect(counts.tolist()).toEqual([1, 2, 1, 1]);
  });
  it('is not differentiable: outputs are detached', () => {
    const x = T.tensor([1.5, 1.5, 2], { requiresGrad: true });
    expect(T.unique(x).requiresGrad).toBe(false);
    expect(T.unique(x.reshape([3, 1]), { dim: 0 }).requiresGrad).toBe(false);
  });
  it('bincount and histc take positional or named arguments', () => {
    const x = T.tensor([1, 3, 1]);
    expect(x.bincount(null, 5).tolist()).toEqual([0, 2, 0, 1, 0]);
    expect(T.bincount(x, { minlength: 5 }).tolist()).toEqual([0, 2, 0, 1, 0]);
    expect(T.bincount(x, T.tensor([0.5, 1, 2])).tolist()).toEqual([0, 2.5, 0, 1]);
    const h = T.tensor([1, 2, 1.2]);
    expect(T.histc(h, 4, 0, 3).tolist()).toEqual([0, 2, 1, 0]);
    expect(h.histc({ bins: 4, max: 3 }).tolist()).toEqual([0, 2, 1, 0]);
    expect(() => T.histc(h, 4, { bins: 3 })).toThrow("histc() got multiple values for argument 'bins'");
  });
  it('searchsorted rejects an out-of-range sorter (PyTorch 2.x words)', () => {
    expect(() => T.searchsorted(T.tensor([5, 1, 9]), T.tensor([3]), { sorter: T.tensor([1, 0, 3]) }))
      .toThrow('torch.searchsorted(): sorter index out of range');
  });
});
