/**
 * sort / argsort / topk take PyTorch's positional forms as well as the options object (issue 11:
 * `x.sort(1, true)` used to be ignored silently and sort ascending), and check what they are given.
 */
import { argsort, sort, tensor, topk } from '@torchlet/core';

const x = tensor([[3, 1, 2], [0, 5, 4]]).float();

describe('sort, argsort and topk argument forms', () => {
  it("sort(dim, descending) positionally, as torch.sort(x, 1, True)", () => {
    expect(x.sort(1, true).values.tolist()).toEqual([[3, 2, 1], [5, 4, 0]]);
    expect(sort(x, 1, true).indices.tolist()).toEqual([[0, 2, 1], [1, 2, 0]]);
    expect(x.sort(0, false, { stable: true }).values.tolist()).toEqual([[0, 1, 2], [3, 5, 4]]);
    expect(x.sort(1, { descending: true }).values.tolist()).toEqual([[3, 2, 1], [5, 4, 0]]);
    expect(x.sort({ dim: 0, descending: true }).values.tolist()).toEqual([[3, 5, 4], [0, 1, 2]]);
    expect(x.sort().values.tolist()).toEqual([[1, 2, 3], [0, 4, 5]]);
  });

  it('argsort and topk positionally', () => {
    expect(argsort(x, 1, true).tolist()).toEqual([[0, 2, 1], [1, 2, 0]]);
    expect(x.argsort({ dim: 1 }).tolist()).toEqual([[1, 2, 0], [0, 2, 1]]);
    expect(topk(x, 2, 1, false).values.tolist()).toEqual([[1, 2], [0, 4]]);
    expect(x.topk(1, 0, true, true).indices.tolist()).toEqual([[0, 1, 1]]);
    expect(x.topk(2, { largest: false }).values.tolist()).toEqual([[1, 2], [0, 4]]);
  });

  it("rejects unknown keywords and wrong types in PyTorch's words", () => {
    expect(() => x.sort(1, { descnding: true } as never)).toThrow("sort() got an unexpected keyword argument 'descnding' (did you mean 'descending'?)");
    expect(() => x.sort(1, 'yes' as never)).toThrow("sort(): argument 'descending' must be bool, not str");
    expect(() => x.sort(1.5)).toThrow("sort(): argument 'dim' must be int, not float");
    expect(() => x.topk(1, 1, { largst: false } as never)).toThrow("topk() got an unexpected keyword argument 'largst' (did you mean 'largest'?)");
    // torch 1.13: stable is keyword-only, so x.sort(1, True, True) is "an invalid combination of arguments".
    expect(() => (x.sort as (...a: unknown[]) => unknown).call(x, 1, true, true)).toThrow('sort() received an invalid combination of arguments - got (int, bool, bool)');
    expect(() => x.sort(1, { dim: 0 })).toThrow("sort() got multiple values for argument 'dim'");
  });
});
