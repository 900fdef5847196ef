/** Module hooks against torch 1.13 (tools/parity/nn_hooks.py). */
import { tensor, type Tensor } from '@torchlet/core';
import { Linear } from '@torchlet/nn';
import fixture from './fixtures/nn_hooks.json';

const f64 = (v: number[][], requiresGrad = false): Tensor => tensor(v, { dtype: 'float64', requiresGrad });
const list = (t: Tensor | null): number[] | null => (t === null ? null : (t.tolist() as number[]));
function lin(): Linear {
  const m = new Linear(3, 2);
  m.to('float64');
  m.weight.data = f64(fixture.W);
  m.bias!.data = tensor(fixture.B, { dtype: 'float64' });
  return m;
}
function expectClose(actual: unknown, expected: unknown): void {
  if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(expected));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expect((actual as unknown[]).length).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e));
  } else {
    expect(actual).toEqual(expected);
  }
}

describe('Module hooks', () => {
  test('forward pre-hooks, forward hooks and full backward hooks: order, arguments, replacements', () => {
    const log: unknown[] = [];
    const m = lin();
    const x = f64(fixture.X, true);
    m.registerForwardPreHook((_mod, args) => { log.push(['pre1', (args[0] as Tensor).tolist()]); return [(args[0] as Tensor).mul(2)]; });
    m.registerForwardPreHook((_mod, args) => { log.push(['pre2', (args[0] as Tensor).tolist()]); });
    m.registerForwardHook((_mod, args, o) => { log.push(['fwd1', (args[0] as Tensor).tolist(), (o as Tensor).tolist()]); return (o as Tensor).add(1); });
    m.registerForwardHook((_mod, _args, o) => { log.push(['fwd2', (o as Tensor).tolist()]); });
    m.registerFullBackwardHook((mod, gi, go) => {
      expect(mod).toBe(m);
      log.push(['bw1', gi.map(list), go.map(list)]);
      return [gi[0]!.mul(3)];
    });
    m.registerFullBackwardHook((_mod, gi) => { log.push(['bw2', gi.map(list)]); });
    const y = m(x);
    y.mul(f64([[1, 2], [3, 4]])).sum().backward();
    expectClose(log, fixture.chain.log);
    expectClose(y.tolist(), fixture.chain.y);
    expectClose(x.grad!.tolist(), fixture.chain.xGrad);
    expectClose(m.weight.grad!.tolist(), fixture.chain.wGrad);
  });

  test('a full backward pre-hook replaces grad_output before grad_input is computed', () => {
    const seen: unknown[] = [];
    const m = lin();
    const x = f64(fixture.X, true);
    m.registerFullBackwardHook((_mod, gi, go) => { seen.push([list(gi[0]!), list(go[0]!)]); });
    m.registerFullBackwardPreHook((_mod, go) => [go[0]!.mul(10)]);
    m(x).sum().backward();
    expectClose(seen, fixture.pre.seen);
    expectClose(x.grad!.tolist(), fixture.pre.xGrad);
    expectClose(m.weight.grad!.tolist(), fixture.pre.wGrad);
  });

  test('no input requires grad: the hook sees grad_input [null]', () => {
    const seen: unknown[] = [];
    const m = lin();
    m.registerFullBackwardHook((_mod, gi, go) => { seen.push([gi[0] === null, list(go[0]!)]); });
    m(f64(fixture.X)).sum().backward();
    expectClose(seen, fixture.noInputGrad.seen);
    expectClose(m.bias!.grad!.tolist(), fixture.noInputGrad.bGrad);
  });

  test('handles remove their hook; wrong gradient counts raise PyTorch\'s error', () => {
    const m = lin();
    let calls = 0;
    const h = m.registerForwardHook(() => { calls++; });
    m(f64(fixture.X));
    h.remove();
    m(f64(fixture.X));
    expect(calls).toBe(fixture.removed);
    const m2 = lin();
    m2.registerFullBackwardHook((_mod, gi) => [gi[0]!, gi[0]!]);
    expect(() => m2(f64(fixture.X, true)).sum().backward()).toThrow(fixture.errCount);
    expect(() => m2.registerForwardHook(3 as never)).toThrow(TypeError);
  });
});
