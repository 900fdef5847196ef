/** einsum and meshgrid against PyTorch (tools/parity/core_einsum.py), plus float64 gradchecks. */
import * as T from '@torchlet/core';
import type { Tensor } from '@torchlet/core';
import { loadCases, replayCases, type ReplayOp } from './replay-fixture';
import { checkGrads, x64 } from './check-helpers';

const OPS: Record<string, ReplayOp> = {
  einsum: (x, a) => T.einsum(a.eq as string, ...x),
  meshgrid: (x, a) => T.meshgrid(x, a),
};

describe('PyTorch fixtures', () => {
  replayCases(loadCases('core-einsum.json'), OPS);
});

describe('einsum', () => {
  it('takes the operands as varargs or one array', () => {
    const a = T.randn(2, 3), b = T.randn(3, 4);
    expect(T.einsum('ij,jk', [a, b]).tolist()).toEqual(T.einsum('ij,jk', a, b).tolist());
    expect(() => T.einsum('ij')).toThrow('einsum(): must provide at least one operand');
  });
  it('a repeated index is a diagonal view of the operand', () => {
    const m = T.arange(9).reshape(3, 3);
    const d = T.einsum('ii->i', m);
    expect(d.tolist()).toEqual([0, 4, 8]);
    m.fill_(1);
    expect(d.tolist()).toEqual([1, 1, 1]);
  });
  it('contracts a chain without building the full outer product', () => {
    // 'ab,bc,cd->ad' with 200-wide inner dims: a full product would hold 8e6 elements.
    const x = T.randn(2, 200), y = T.randn(200, 200), z = T.randn(200, 2);
    const r = T.einsum('ab,bc,cd->ad', x, y, z);
    const expected = x.mm(y).mm(z);
    expect(r.sub(expected).abs().max().item()).toBeLessThan(1e-3);
  });
  it('float64 gradcheck', () => {
    checkGrads((a, b) => T.einsum('ij,jk->ik', a, b), [x64([2, 3]), x64([3, 4])]);
    checkGrads((a) => T.einsum('ii->i', a), [x64([3, 3])]);
    checkGrads((a) => T.einsum('iji->j', a), [x64([2, 3, 2])]);
    checkGrads((a, b, c) => T.einsum('bn,anm,bm->ba', a, b, c), [x64([2, 3]), x64([2, 3, 2]), x64([2, 2])]);
    checkGrads((a, b) => T.einsum('...ij,...jk', a, b), [x64([2, 2, 3]), x64([3, 2])]);
    checkGrads((a, b) => T.einsum('i,j->ij', a, b), [x64([3]), x64([2])]);
  });
});

describe('meshgrid', () => {
  it('takes tensors as varargs or one array; indexing checked', () => {
    const a = T.tensor([1, 2, 3]), b = T.tensor([4, 5]);
    const [gx, gy] = T.meshgrid(a, b, { indexing: 'xy' });
    expect(gx!.tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(gy!.tolist()).toEqual([[4, 4, 4], [5, 5, 5]]);
    expect(T.meshgrid([a, b])[0]!.shape).toEqual([3, 2]);
    expect(() => T.meshgrid(a, { indexin: 'ij' } as T.MeshgridOptions))
      .toThrow("meshgrid() got an unexpected keyword argument 'indexin' (did you mean 'indexing'?)");
  });
  it('float64 gradcheck (expand views)', () => {
    for (const indexing of ['ij', 'xy'] as const) {
      checkGrads((a, b, c) => T.meshgrid(a, b, c, { indexing }).reduce((s: Tensor, g, k) => s.add(g.mul(k + 1))), [x64([3]), x64([2]), x64([])]);
    }
  });
});
