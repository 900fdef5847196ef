/**
 * optimizer.loadStateDict with malformed dicts (issue 14, item 10): PyTorch's words where PyTorch
 * has them, an error naming the missing or malformed part otherwise, and nothing changed.
 */
import { tensor, type Tensor } from '@torchlet/core';
import { Adam, type OptimizerStateDict } from '@torchlet/optim';

function trained(): { opt: Adam; w: Tensor } {
  const w = tensor([1, 2, 3], { dtype: 'float32' }).requiresGrad_(true);
  const opt = new Adam([w], { lr: 0.1 });
  w.mul(w).sum().backward();
  opt.step();
  return { opt, w };
}

/** Loading `bad` throws `message` and leaves the optimizer as it was. */
function refuses(bad: unknown, message: string | RegExp): void {
  const { opt } = trained();
  const before = opt.stateDict();
  const expAvg = Array.from(opt.state.values()).map((s) => Array.from(s.expAvg.toTypedArray()));
  expect(() => opt.loadStateDict(bad as OptimizerStateDict)).toThrow(message);
  expect(opt.paramGroups[0]!.lr).toBe(0.1);
  expect(Array.from(opt.state.values()).map((s) => Array.from(s.expAvg.toTypedArray()))).toEqual(expAvg);
  expect(opt.stateDict().param_groups).toEqual(before.param_groups);
}

describe('loadStateDict names what is wrong in a malformed dict', () => {
  it('an empty dict: the missing keys, as PyTorch\'s KeyError', () => {
    refuses({}, "loaded state dict has no 'param_groups' or 'state' (KeyError: 'param_groups')");
  });

  it('a dict without state', () => {
    const { opt } = trained();
    refuses({ param_groups: opt.stateDict().param_groups }, "loaded state dict has no 'state' (KeyError: 'state')");
  });

  it('not a dict at all', () => {
    refuses(null, "optimizer state dict must be a dict with 'state' and 'param_groups' (as stateDict() returns), got NoneType");
    refuses([1, 2], 'got list');
  });

  it('param_groups that are not a list of dicts', () => {
    refuses({ state: {}, param_groups: 'x' }, "loaded state dict's 'param_groups' must be a list of dicts, got str");
    refuses({ state: {}, param_groups: [3] }, "loaded state dict's param_groups[0] must be a dict, got int");
  });

  it("a param group without 'params', or with bad indices", () => {
    refuses({ state: {}, param_groups: [{ lr: 0.5 }] }, "loaded state dict's param_groups[0] has no 'params' (KeyError: 'params')");
    refuses({ state: {}, param_groups: [{ lr: 0.5, params: ['a'] }] }, "loaded state dict's param_groups[0]['params'] must be a list of parameter indices, got list");
  });

  it('state that is not per-parameter dicts', () => {
    refuses({ state: 5, param_groups: [{ lr: 0.5, params: [0] }] }, "loaded state dict's 'state' must be a dict of per-parameter state, got int");
    refuses({ state: { 0: 7 }, param_groups: [{ lr: 0.5, params: [0] }] }, "loaded state dict's state[0] must be a dict, got int");
  });

  it("a parameter's state without a tensor it needs (PyTorch's name for it)", () => {
    const { opt } = trained();
    const sd = opt.stateDict();
    const entry = { ...sd.state[0]! };
    delete entry.exp_avg;
    refuses({ state: { 0: entry }, param_groups: sd.param_groups }, "loaded state dict's state[0]: optimizer state is missing the tensor 'exp_avg'");
  });

  it("keeps PyTorch's words for a group mismatch", () => {
    refuses({ state: {}, param_groups: [] }, 'loaded state dict has a different number of parameter groups');
    refuses({ state: {}, param_groups: [{ lr: 0.5, params: [0, 1] }] }, "loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
  });
});
