/**
 * The Optimizer base: construction from tensors or param groups, defaults, PyTorch's errors,
 * zeroGrad, step(closure), the state-dict format and its errors.
 */
import { Tensor, isGradEnabled, noGrad, ones, tensor, zeros } from '@torchlet/core';
import {
  Adagrad, Adam, AdamW, Adamax, LBFGS, NAdam, RAdam, RMSprop, SGD, lrScheduler,
} from '@torchlet/optim';

function param(values: number[] = [1, 2, 3]): Tensor {
  return tensor(values, { dtype: 'float32' }).requiresGrad_(true);
}

describe('construction', () => {
  test('from an iterable of tensors: one group with the defaults', () => {
    const a = param(), b = param([4]);
    const opt = new SGD(new Set([a, b]), { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups).toHaveLength(1);
    const g = opt.paramGroups[0]!;
    expect(g.params).toEqual([a, b]);
    expect([g.lr, g.momentum, g.dampening, g.weightDecay, g.nesterov, g.maximize]).toEqual([0.1, 0.9, 0, 0, false, false]);
    expect(opt.state.size).toBe(0);
  });

  test('from param groups: each group overrides the defaults it names', () => {
    const a = param(), b = param([4]);
    const opt = new Adam([{ params: a, lr: 0.1 }, { params: [b], betas: [0.5, 0.6] }], { lr: 0.01, weightDecay: 0.1 });
    const [g0, g1] = opt.paramGroups;
    expect([g0!.lr, g0!.betas, g0!.weightDecay, g0!.params]).toEqual([0.1, [0.9, 0.999], 0.1, [a]]);
    expect([g1!.lr, g1!.betas, g1!.weightDecay, g1!.params]).toEqual([0.01, [0.5, 0.6], 0.1, [b]]);
  });

  test('addParamGroup adds a group; a parameter in two groups is rejected', () => {
    const a = param(), b = param([4]);
    const opt = new SGD([a], { lr: 0.1 });
    opt.addParamGroup({ params: [b], lr: 0.5 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    expect(() => opt.addParamGroup({ params: [a] })).toThrow('some parameters appear in more than one parameter group');
    expect(opt.paramGroups).toHaveLength(2);
  });

  test("PyTorch's errors for bad params", () => {
    const a = param();
    // @ts-expect-error a single tensor is not an iterable of tensors (JavaScript callers get PyTorch's error)
    expect(() => new SGD(a, { lr: 0.1 })).toThrow(
      'params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor');
    expect(() => new SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
    expect(() => new SGD([a.mul(2)], { lr: 0.1 })).toThrow("can't optimize a non-leaf Tensor");
    expect(() => new SGD([{ params: [a] }, { params: [a] }], { lr: 0.1 })).toThrow('some parameters appear in more than one parameter group');
    expect(() => new SGD([a])).toThrow("parameter group didn't specify a value of required optimization parameter lr");
    expect(new SGD([{ params: [a], lr: 0.3 }]).paramGroups[0]!.lr).toBe(0.3);
    expect(() => new LBFGS([{ params: [a] }, { params: [param()] }])).toThrow("LBFGS doesn't support per-parameter options (parameter groups)");
  });

  test('duplicate parameters within a group only warn, as in PyTorch 1.13', () => {
    const a = param();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => new SGD([a, a], { lr: 0.1 })).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('optimizer contains a parameter group with duplicate parameters'));
    warn.mockRestore();
  });

  test("PyTorch's errors for bad hyperparameters", () => {
    const p = [param()];
    expect(() => new SGD(p, { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new SGD(p, { lr: 0.1, momentum: -0.5 })).toThrow('Invalid momentum value: -0.5');
    expect(() => new SGD(p, { lr: 0.1, weightDecay: -1 })).toThrow('Invalid weight_decay value: -1');
    expect(() => new SGD(p, { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new SGD(p, { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new Adam(p, { lr: -0.5 })).toThrow('Invalid learning rate: -0.5');
    expect(() => new Adam(p, { eps: -1 })).toThrow('Invalid epsilon value: -1');
    expect(() => new Adam(p, { betas: [1, 0.999] })).toThrow('Invalid beta parameter at index 0: 1');
    expect(() => new AdamW(p, { betas: [0.9, -0.1] })).toThrow('Invalid beta parameter at index 1: -0.1');
    expect(() => new AdamW(p, { weightDecay: -0.01 })).toThrow('Invalid weight_decay value: -0.01');
    expect(() => new RMSprop(p, { alpha: -1 })).toThrow('Invalid alpha value: -1');
    expect(() => new RMSprop(p, { momentum: -1 })).toThrow('Invalid momentum value: -1');
    expect(() => new Adagrad(p, { lrDecay: -1 })).toThrow('Invalid lr_decay value: -1');
    expect(() => new Adagrad(p, { initialAccumulatorValue: -1 })).toThrow('Invalid initial_accumulator_value value: -1');
    expect(() => new Adamax(p, { betas: [0.9, 1] })).toThrow('Invalid beta parameter at index 1: 1');
    expect(() => new NAdam(p, { momentumDecay: -1 })).toThrow('Invalid momentum_decay value: -1');
    expect(() => new RAdam(p, { eps: -1e-8 })).toThrow('Invalid epsilon value: -1e-08');
  });
});

describe('zeroGrad and step', () => {
  test('zeroGrad() sets grads to null; zeroGrad(false) zeros them in place', () => {
    const a = param(), b = param([4]);
    const opt = new SGD([a, b], { lr: 0.1 });
    a.sum().backward();
    b.mul(3).sum().backward();
    const ga = a.grad!;
    opt.zeroGrad(false);
    expect(a.grad).toBe(ga);
    expect(a.grad!.tolist()).toEqual([0, 0, 0]);
    expect(b.grad!.tolist()).toEqual([0]);
    opt.zeroGrad();
    expect([a.grad, b.grad]).toEqual([null, null]);
  });

  test('parameters without a gradient are skipped (no state, no change)', () => {
    const a = param(), b = param([4]);
    const opt = new Adam([a, b], { lr: 0.1 });
    a.sum().backward();
    opt.step();
    expect(b.tolist()).toEqual([4]);
    expect(opt.state.has(b)).toBe(false);
    expect(opt.state.get(a)!.step.item()).toBe(1);
  });

  test('step(closure) runs the closure with gradients on and returns its loss', () => {
    const a = param([1, -2]);
    const opt = new SGD([a], { lr: 0.5 });
    let gradOn = false;
    const loss = noGrad(() => opt.step(() => {
      gradOn = isGradEnabled();
      opt.zeroGrad();
      const l = a.pow(2).sum();
      l.backward();
      return l;
    }));
    expect(gradOn).toBe(true);
    expect(loss!.item()).toBe(5);
    expect(a.tolist()).toEqual([0, 0]); // a - 0.5 * 2a
  });

  test('updates happen in place: same storages, same momentum buffer across steps', () => {
    const a = param(), b = param([4, 5]);
    const opt = new SGD([a, b], { lr: 0.1, momentum: 0.9 });
    const storages = [a.storage, b.storage];
    a.sum().backward();
    b.sum().backward();
    opt.step();
    const buf = opt.state.get(a)!.momentumBuffer;
    opt.step();
    expect([a.storage, b.storage]).toEqual(storages);
    expect(opt.state.get(a)!.momentumBuffer).toBe(buf);
    expect(a.requiresGrad && a.gradFn === null).toBe(true);
  });
});

describe('state dict', () => {
  test("PyTorch's format: state by parameter index, snake_case keys, groups with indices", () => {
    const a = param(), b = param([4]);
    const opt = new SGD([{ params: [a], momentum: 0.9 }, { params: [b] }], { lr: 0.1, weightDecay: 0.01 });
    a.sum().backward();
    b.sum().backward();
    opt.step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '1']);
    expect(sd.state[0]!.momentum_buffer).toBeInstanceOf(Tensor);
    expect(sd.state[1]!.momentum_buffer).toBeNull();
    expect(sd.param_groups).toEqual([
      { lr: 0.1, momentum: 0.9, dampening: 0, weight_decay: 0.01, nesterov: false, maximize: false, params: [0] },
      { lr: 0.1, momentum: 0, dampening: 0, weight_decay: 0.01, nesterov: false, maximize: false, params: [1] },
    ]);
  });

  test('scheduler keys (initial_lr) travel with the groups', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new lrScheduler.StepLR(opt, { stepSize: 2 });
    expect(sched.getLastLr()).toEqual([0.1]);
    expect(opt.stateDict().param_groups[0]!.initial_lr).toBe(0.1);
  });

  test('loading copies the state (the saved optimizer keeps stepping on its own tensors)', () => {
    const a = param(), b = param();
    const optA = new Adam([a], { lr: 0.1 });
    a.sum().backward();
    optA.step();
    const optB = new Adam([b], { lr: 0.1 });
    optB.loadStateDict(optA.stateDict());
    const before = optB.state.get(b)!.expAvg.tolist();
    optA.step();
    expect(optB.state.get(b)!.expAvg.tolist()).toEqual(before);
    expect(optB.state.get(b)!.expAvg).not.toBe(optA.state.get(a)!.expAvg);
  });

  test('floating state is cast to the parameter dtype, step keeps its own', () => {
    const a = param();
    const opt = new Adam([a], { lr: 0.1 });
    a.sum().backward();
    opt.step();
    const b = tensor([1, 2, 3], { dtype: 'float64' }).requiresGrad_(true);
    const optB = new Adam([b], { lr: 0.1 });
    optB.loadStateDict(opt.stateDict());
    const st = optB.state.get(b)!;
    expect([st.expAvg.dtype, st.expAvgSq.dtype, st.step.dtype]).toEqual(['float64', 'float64', 'float32']);
  });

  test("PyTorch's errors on mismatched dicts, before anything changes", () => {
    const a = param(), b = param([4]);
    const opt = new SGD([a, b], { lr: 0.1, momentum: 0.9 });
    const other = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    expect(() => opt.loadStateDict(other.stateDict())).toThrow('loaded state dict has a different number of parameter groups');
    const small = new SGD([param()], { lr: 0.5 });
    expect(() => opt.loadStateDict(small.stateDict())).toThrow(
      "loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    expect(opt.paramGroups[0]!.lr).toBe(0.1);
  });

  test('a loaded dict replaces the hyperparameters (as PyTorch)', () => {
    const a = param();
    const opt = new SGD([a], { lr: 0.1 });
    const saved = new SGD([param()], { lr: 0.7, momentum: 0.5 }).stateDict();
    opt.loadStateDict(saved);
    expect([opt.paramGroups[0]!.lr, opt.paramGroups[0]!.momentum, opt.paramGroups[0]!.params[0]]).toEqual([0.7, 0.5, a]);
  });
});

describe('schedulers drive any optimizer', () => {
  test('each optimizer class is accepted and its lr is set', () => {
    const make = [
      (p: Tensor[]) => new SGD(p, { lr: 0.1 }), (p: Tensor[]) => new Adam(p, { lr: 0.1 }), (p: Tensor[]) => new AdamW(p, { lr: 0.1 }),
      (p: Tensor[]) => new RMSprop(p, { lr: 0.1 }), (p: Tensor[]) => new Adagrad(p, { lr: 0.1 }), (p: Tensor[]) => new Adamax(p, { lr: 0.1 }),
      (p: Tensor[]) => new NAdam(p, { lr: 0.1 }), (p: Tensor[]) => new RAdam(p, { lr: 0.1 }), (p: Tensor[]) => new LBFGS(p, { lr: 0.1 }),
    ];
    for (const m of make) {
      const opt = m([param()]);
      const sched = new lrScheduler.StepLR(opt, { stepSize: 1, gamma: 0.5 });
      opt.stepCount = 1; // as if opt.step() ran (LBFGS needs a closure)
      sched.step();
      expect([opt.constructor.name, opt.paramGroups[0]!.lr]).toEqual([opt.constructor.name, 0.05]);
    }
  });
});

describe('printing', () => {
  test("PyTorch's repr layout", () => {
    const opt = new Adam([ones(2).requiresGrad_(true)], { lr: 0.01 });
    expect(opt.toString()).toBe([
      'Adam (', 'Parameter Group 0', '    amsgrad: False', '    betas: (0.9, 0.999)', '    eps: 1e-08', '    lr: 0.01',
      '    maximize: False', '    weight_decay: 0', ')',
    ].join('\n'));
  });
});

describe('dtype', () => {
  test('float64 parameters keep float64 state', () => {
    const a = zeros([2], { dtype: 'float64' }).requiresGrad_(true);
    const opt = new RMSprop([a], { centered: true, momentum: 0.5 });
    a.add(1).sum().backward();
    opt.step();
    const st = opt.state.get(a)!;
    expect([st.squareAvg.dtype, st.gradAvg!.dtype, st.momentumBuffer!.dtype, a.dtype]).toEqual(['float64', 'float64', 'float64', 'float64']);
  });
});
