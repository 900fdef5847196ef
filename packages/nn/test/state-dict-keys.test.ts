/**
 * A port names attributes in camelCase where the Python original had snake_case: the original's
 * state dict loads into the port as is, and `stateDict({keys: 'pytorch'})` writes the original's keys.
 */
import { manualSeed, randn } from '@torchlet/core';
import * as nn from '../src/index';

class NeuralNetwork extends nn.Module {
  flatten = new nn.Flatten();
  linearReluStack = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  outNorm = new nn.BatchNorm1d(2);
  forward(x: ReturnType<typeof randn>): ReturnType<typeof randn> {
    return this.outNorm(this.linearReluStack(this.flatten(x)));
  }
}

describe('state-dict keys: snake_case from a Python original, camelCase in the port', () => {
  it("writes the Python original's keys with keys: 'pytorch' and reads them back", () => {
    manualSeed(0);
    const a = new NeuralNetwork();
    const sd = a.stateDict({ keys: 'pytorch' });
    expect(Object.keys(sd)).toEqual([
      'linear_relu_stack.0.weight', 'linear_relu_stack.0.bias', 'linear_relu_stack.2.weight', 'linear_relu_stack.2.bias',
      'out_norm.weight', 'out_norm.bias', 'out_norm.running_mean', 'out_norm.running_var', 'out_norm.num_batches_tracked',
    ]);
    expect(Object.keys(a.stateDict())[0]).toBe('linearReluStack.0.weight');
    manualSeed(1);
    const b = new NeuralNetwork();
    b.loadStateDict(sd);
    const x = randn(5, 4);
    a.eval(); b.eval();
    expect(Array.from(b(x).toTypedArray())).toEqual(Array.from(a(x).toTypedArray()));
  });

  it('reports unknown keys in the names the checkpoint used, and still checks shapes', () => {
    const m = new NeuralNetwork();
    const sd = m.stateDict({ keys: 'pytorch' });
    const extra = { ...sd, 'linear_relu_stack.9.weight': randn(1) };
    expect(() => m.loadStateDict(extra)).toThrow('Unexpected key(s) in state_dict: "linear_relu_stack.9.weight".');
    const bad = { ...sd, 'linear_relu_stack.0.weight': randn(2, 2) };
    expect(() => m.loadStateDict(bad)).toThrow('size mismatch for linearReluStack.0.weight');
    expect(() => m.stateDict({ keys: 'python' as never })).toThrow("keys must be 'torchlet' or 'pytorch'");
    expect(() => m.stateDict({ keep_vars: true } as never)).toThrow("state_dict() got an unexpected keyword argument 'keep_vars' (did you mean 'keepVars'?)");
  });
});
