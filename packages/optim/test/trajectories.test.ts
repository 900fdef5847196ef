/**
 * Every optimizer against PyTorch 1.13: 20 steps from fixed parameters with a fixed sequence of
 * gradients (tools/parity/optim_trajectories.py), the final state dict, and resuming from
 * PyTorch's own state dict after step 10.
 */
import { Tensor } from '@torchlet/core';
import {
  asDtype, flatValues, groupsFor, loadFixture, makeOptimizer, makeParams, maxRelError, setGrads, toOptions, unpackState,
  type PackedState, type TrajectoryFixture,
} from './helpers';

const fx = loadFixture<TrajectoryFixture>('optim_trajectories.json');
const TOL = 1e-6;
/** Group keys PyTorch keeps that torchlet leaves out (foreach, fused, ... are implementation flags). */
const FLAG_KEYS = new Set(['foreach', 'differentiable', 'capturable', 'fused']);

function expectStateMatches(actual: ReturnType<ReturnType<typeof makeOptimizer>['stateDict']>, expected: PackedState): void {
  expect(Object.keys(actual.state).sort()).toEqual(Object.keys(expected.state).sort());
  for (const [k, entry] of Object.entries(expected.state)) {
    const mine = actual.state[Number(k)]!;
    expect(Object.keys(mine).sort()).toEqual(Object.keys(entry).sort());
    for (const [name, v] of Object.entries(entry)) {
      const m = mine[name];
      if (v !== null && typeof v === 'object') {
        expect(m).toBeInstanceOf(Tensor);
        const t = m as Tensor;
        expect(t.shape).toEqual(v.shape);
        expect(maxRelError(t.toTypedArray(), asDtype(v.data, t.dtype))).toBeLessThan(TOL);
      } else {
        expect(m).toEqual(v);
      }
    }
  }
  expect(actual.param_groups.length).toBe(expected.param_groups.length);
  expected.param_groups.forEach((g, i) => {
    const mine = actual.param_groups[i]!;
    for (const [k, v] of Object.entries(g)) if (!FLAG_KEYS.has(k)) expect([k, mine[k]]).toEqual([k, v]);
    for (const k of Object.keys(mine)) expect([k, k in g]).toEqual([k, true]);
  });
}

describe.each(fx.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const data = fx.data[c.dtype];

  test('follows PyTorch for 20 steps', () => {
    const params = makeParams(data, c.dtype);
    const opt = makeOptimizer(c.optimizer, groupsFor(c, params), toOptions(c.options));
    for (let step = 0; step < fx.steps; step++) {
      opt.zeroGrad();
      setGrads(params, data, step, c.dtype);
      opt.step();
      expect(maxRelError(flatValues(params), asDtype(c.trajectory[step]!, c.dtype))).toBeLessThan(TOL);
    }
    expectStateMatches(opt.stateDict(), c.final_state);
  });

  test('state dict after step 10 matches PyTorch and resumes from PyTorch state', () => {
    const params = makeParams(data, c.dtype);
    const opt = makeOptimizer(c.optimizer, groupsFor(c, params), toOptions(c.options));
    for (let step = 0; step < 10; step++) {
      opt.zeroGrad();
      setGrads(params, data, step, c.dtype);
      opt.step();
    }
    expectStateMatches(opt.stateDict(), c.state_at_10);

    // A fresh optimizer on parameters at PyTorch's step-10 values, loading PyTorch's own state dict.
    const resumed = makeParams(data, c.dtype);
    let offset = 0;
    for (const p of resumed) {
      const n = p.numel();
      const vals = c.trajectory[9]!.slice(offset, offset + n);
      p.detach().copy_(Tensor.fromData(new Float64Array(vals), p.shape.slice(), 'float64').to(p.dtype));
      offset += n;
    }
    const opt2 = makeOptimizer(c.optimizer, groupsFor(c, resumed), toOptions(c.options));
    opt2.loadStateDict(unpackState(c.state_at_10, c.dtype));
    for (let step = 10; step < fx.steps; step++) {
      opt2.zeroGrad();
      setGrads(resumed, data, step, c.dtype);
      opt2.step();
      expect(maxRelError(flatValues(resumed), asDtype(c.trajectory[step]!, c.dtype))).toBeLessThan(TOL);
    }
  });
});

describe.each(fx.cases.map((c) => [c.name, c] as const))('%s round trip', (_name, c) => {
  test('stop at step 10, save, load into a new optimizer, continue: equals the uninterrupted run', () => {
    const data = fx.data[c.dtype];
    const run = makeParams(data, c.dtype);
    const opt = makeOptimizer(c.optimizer, groupsFor(c, run), toOptions(c.options));
    const resumed = makeParams(data, c.dtype);
    let opt2 = makeOptimizer(c.optimizer, groupsFor(c, resumed), toOptions(c.options));
    for (let step = 0; step < fx.steps; step++) {
      if (step === 10) {
        const saved = opt2.stateDict();
        opt2 = makeOptimizer(c.optimizer, groupsFor(c, resumed), toOptions(c.options));
        opt2.loadStateDict(saved);
      }
      for (const [o, ps] of [[opt, run], [opt2, resumed]] as const) {
        o.zeroGrad();
        setGrads(ps, data, step, c.dtype);
        o.step();
      }
      if (c.name === 'nadam_f64') {
        // PyTorch's load_state_dict casts NAdam's float32 mu_product to the parameters' float64
        // (only `step` keeps its dtype), so a resumed float64 NAdam run differs in the last bits.
        expect(maxRelError(flatValues(resumed), flatValues(run))).toBeLessThan(1e-9);
      } else {
        expect(flatValues(resumed)).toEqual(flatValues(run));
      }
    }
  });
});
