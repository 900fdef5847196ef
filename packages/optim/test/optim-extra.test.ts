/**
 * Adadelta, ASGD, Rprop and SparseAdam against PyTorch 1.13: bit-exact 20-step trajectories and
 * final state (cases in tools/parity/optim_trajectories.py; the tolerant checks and resume tests
 * run in trajectories.test.ts), constructor errors, positional lr and unknown keywords, SparseAdam's
 * error for dense gradients and its state dict, and the README's custom Optimizer subclass
 * (tools/parity/optim_extra.py).
 */
import { Tensor, tensor, zerosLike } from '@torchlet/core';
import {
  ASGD, Adadelta, Optimizer, Rprop, SparseAdam, checkOption, type BaseOptions, type OptimizerStateDict, type ParamState,
  type ParamsInput,
} from '@torchlet/optim';
import {
  asDtype, flatValues, loadFixture, makeOptimizer, makeParams, setGrads, toOptions, unpackState, type PackedState,
  type TrajectoryFixture,
} from './helpers';

const fx = loadFixture<TrajectoryFixture>('optim_trajectories.json');
const NEW = fx.cases.filter((c) => /^(adadelta|asgd|rprop)_/.test(c.name));

interface ExtraFixture {
  ctor_errors: { optimizer: string; options: Record<string, unknown>; type: string; message: string }[];
  sparse_adam: { dense_error: { type: string; message: string }; state_dict: PackedState; param: number[] };
  custom_optimizer: {
    start: number[]; grads: number[][]; trajectory: number[][]; momentum_buffer: number[];
    param_groups: Record<string, unknown>[];
  };
}
const extra = loadFixture<ExtraFixture>('optim_extra.json');

function param(values: number[] = [1, -2, 3]): Tensor {
  return tensor(values, { dtype: 'float32' }).requiresGrad_(true);
}

test('the fixture has all eleven new cases', () => {
  expect(NEW.map((c) => c.optimizer).sort()).toEqual([...Array(4).fill('ASGD'), ...Array(3).fill('Adadelta'), ...Array(4).fill('Rprop')].sort());
});

describe.each(NEW.map((c) => [c.name, c] as const))('%s bit for bit', (_name, c) => {
  test('every step and the final state equal PyTorch exactly', () => {
    const data = fx.data[c.dtype];
    const params = makeParams(data, c.dtype);
    const opt = makeOptimizer(c.optimizer, params, toOptions(c.options));
    for (let step = 0; step < fx.steps; step++) {
      opt.zeroGrad();
      setGrads(params, data, step, c.dtype);
      opt.step();
      expect([step, flatValues(params)]).toEqual([step, asDtype(c.trajectory[step]!, c.dtype)]);
    }
    const sd = opt.stateDict();
    for (const [k, entry] of Object.entries(c.final_state.state)) {
      for (const [name, v] of Object.entries(entry)) {
        const mine = sd.state[Number(k)]![name];
        if (v !== null && typeof v === 'object') {
          expect(mine).toBeInstanceOf(Tensor);
          const t = mine as Tensor;
          // ASGD's eta and mu are float32 whatever the parameters' dtype, as in PyTorch.
          const dtype = name === 'step' || name === 'eta' || name === 'mu' ? 'float32' : c.dtype;
          expect([name, t.dtype, Array.from(t.toTypedArray())]).toEqual([name, dtype, asDtype(v.data, dtype)]);
        } else {
          expect([name, mine]).toEqual([name, v]);
        }
      }
    }
  });
});

describe('constructor errors are PyTorch\'s', () => {
  const ctors: Record<string, (p: Tensor[], o: Record<string, unknown>) => unknown> = {
    Adadelta: (p, o) => new Adadelta(p, o),
    ASGD: (p, o) => new ASGD(p, o),
    Rprop: (p, o) => new Rprop(p, o),
    SparseAdam: (p, o) => new SparseAdam(p, o),
  };
  test.each(extra.ctor_errors.map((e) => [e.optimizer, e.message, e] as const))('%s: %s', (_n, _m, e) => {
    expect(e.type).toBe('ValueError');
    const make = ctors[e.optimizer]!;
    expect(() => make([param()], toOptions(e.options))).toThrow(new RangeError(e.message));
  });
});

describe('PyTorch\'s argument forms', () => {
  test('lr positionally or in the options object; defaults as PyTorch', () => {
    const a = param();
    expect(new Adadelta([a], 0.5, { rho: 0.8 }).paramGroups[0]).toMatchObject({ lr: 0.5, rho: 0.8, eps: 1e-6, weightDecay: 0, maximize: false });
    expect(new Adadelta([a]).paramGroups[0]).toMatchObject({ lr: 1.0, rho: 0.9 });
    expect(new ASGD([a], { lr: 0.1 }).paramGroups[0]).toMatchObject({ lr: 0.1, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0 });
    expect(new Rprop([a], 0.02).paramGroups[0]).toMatchObject({ lr: 0.02, etas: [0.5, 1.2], stepSizes: [1e-6, 50] });
    expect(new SparseAdam([a]).paramGroups[0]).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, maximize: false });
  });

  test('unknown keywords name the nearest known one; lr given twice is an error', () => {
    const a = param();
    const snake = { weight_decay: 0.1 } as Record<string, unknown>;
    expect(() => new Adadelta([a], snake)).toThrow(new TypeError("Adadelta() got an unexpected keyword argument 'weight_decay' (did you mean 'weightDecay'?)"));
    expect(() => new Rprop([a], 0.1, { step_sizes: [1, 2] } as Record<string, unknown>))
      .toThrow("Rprop() got an unexpected keyword argument 'step_sizes' (did you mean 'stepSizes'?)");
    expect(() => new ASGD([a], 0.1, { lr: 0.2 })).toThrow("ASGD() got multiple values for argument 'lr'");
  });

  test('the repr lists each group\'s hyperparameters as PyTorch does (implementation flags aside)', () => {
    expect(new Adadelta([param()]).toString()).toBe([
      'Adadelta (', 'Parameter Group 0', '    eps: 1e-06', '    lr: 1', '    maximize: False', '    rho: 0.9', '    weight_decay: 0', ')',
    ].join('\n'));
  });
});

describe('SparseAdam', () => {
  test("dense gradients raise PyTorch's error before anything changes", () => {
    const p = param([1, -2, 3]), q = param([4]);
    const opt = new SparseAdam([q, p], { lr: 0.1 });
    p.grad = tensor([0.5, 0.25, -1], { dtype: 'float32' });
    expect(() => opt.step()).toThrow(new Error(extra.sparse_adam.dense_error.message));
    expect(Array.from(p.toTypedArray())).toEqual([1, -2, 3]);
    expect(opt.state.size).toBe(0);
    expect(opt.stepCount).toBe(0);
    opt.zeroGrad();
    expect(() => opt.step()).not.toThrow(); // no gradients: nothing to do, as in PyTorch
  });

  test("loads PyTorch's state dict (written after sparse steps) and returns it in the same layout", () => {
    const w = tensor(extra.sparse_adam.param, { dtype: 'float32' }).reshape([3, 2]).requiresGrad_(true);
    const opt = new SparseAdam([w], { lr: 0.01, betas: [0.8, 0.99] });
    const saved = extra.sparse_adam.state_dict;
    opt.loadStateDict(unpackState(saved, 'float32'));
    const sd: OptimizerStateDict = opt.stateDict();
    expect(sd.param_groups).toEqual(saved.param_groups);
    const entry = sd.state[0]!;
    expect(Object.keys(entry).sort()).toEqual(Object.keys(saved.state['0']!).sort());
    expect(entry.step).toBe(saved.state['0']!.step);
    for (const k of ['exp_avg', 'exp_avg_sq']) {
      const v = saved.state['0']![k] as { shape: number[]; data: number[] };
      const t = entry[k] as Tensor;
      expect([k, t.shape, Array.from(t.toTypedArray())]).toEqual([k, v.shape, asDtype(v.data, 'float32')]);
    }
  });
});

// ---- The README's example: writing your own Optimizer (kept in sync with packages/optim/README.md) ----

interface SignSGDOptions extends BaseOptions {
  momentum: number;
}
type SignSGDState = { momentumBuffer: Tensor };

/** Steps by the sign of a running average of the gradient. */
class SignSGD extends Optimizer<SignSGDOptions, SignSGDState> {
  constructor(params: ParamsInput<SignSGDOptions>, options: Partial<SignSGDOptions> = {}) {
    const { lr = 0.01, momentum = 0.9 } = options;
    checkOption(lr >= 0, `Invalid learning rate: ${lr}`);
    super(params, { lr, momentum });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const grad = p.grad;
        if (grad === null) continue;
        const state = this.stateOf(p, () => ({ momentumBuffer: zerosLike(p) }));
        state.momentumBuffer.mul_(group.momentum).add_(grad, { alpha: 1 - group.momentum });
        p.add_(state.momentumBuffer.sign(), { alpha: -group.lr });
      }
    }
  }

  protected restoreState(entry: ParamState): SignSGDState {
    const buf = entry.momentumBuffer;
    if (!(buf instanceof Tensor)) throw new Error("optimizer state is missing the tensor 'momentum_buffer'");
    return { momentumBuffer: buf };
  }
}

describe('a custom Optimizer subclass (the README example)', () => {
  const c = extra.custom_optimizer;
  const run = (steps: number, opt?: (p: Tensor) => SignSGD): { p: Tensor; opt: SignSGD } => {
    const p = tensor(c.start, { dtype: 'float32' }).reshape([2, 3]).requiresGrad_(true);
    const o = opt ? opt(p) : new SignSGD([p], { lr: 0.05, momentum: 0.8 });
    for (let i = 0; i < steps; i++) {
      o.zeroGrad();
      p.grad = tensor(c.grads[i]!, { dtype: 'float32' }).reshape([2, 3]);
      o.step();
      expect(Array.from(p.toTypedArray())).toEqual(asDtype(c.trajectory[i]!, 'float32'));
    }
    return { p, opt: o };
  };

  test('follows the same subclass written in PyTorch, bit for bit, with PyTorch\'s state-dict layout', () => {
    const { opt } = run(c.grads.length);
    const sd = opt.stateDict();
    expect(sd.param_groups).toEqual(c.param_groups);
    expect(Array.from((sd.state[0]!.momentum_buffer as Tensor).toTypedArray())).toEqual(asDtype(c.momentum_buffer, 'float32'));
    expect(() => new SignSGD([param()], { lr: -1 })).toThrow('Invalid learning rate: -1');
  });

  test('stateDict / loadStateDict resume mid-run', () => {
    const { p, opt } = run(3);
    const saved = opt.stateDict();
    const resumed = new SignSGD([p], { lr: 0.05, momentum: 0.8 });
    resumed.loadStateDict(saved);
    for (let i = 3; i < c.grads.length; i++) {
      resumed.zeroGrad();
      p.grad = tensor(c.grads[i]!, { dtype: 'float32' }).reshape([2, 3]);
      resumed.step();
      expect(Array.from(p.toTypedArray())).toEqual(asDtype(c.trajectory[i]!, 'float32'));
    }
  });
});
