/**
 * Optimizers and lr schedulers take PyTorch's positional order (issue 11): `SGD(params, 0.1, 0.9)`,
 * `Adam(params, 1e-2, [0.8, 0.9])`, `StepLR(opt, 30, 0.5)`. Expected defaults and error texts are
 * torch 1.13's (checked with /usr/bin/python3; Python's `SGD.__init__()` is `SGD()` here).
 */
import * as T from '@torchlet/core';
import {
  SGD, Adam, AdamW, RMSprop, Adagrad, Adamax, NAdam, RAdam, LBFGS, Adadelta, ASGD, Rprop, SparseAdam, lrScheduler,
} from '@torchlet/optim';

const param = (): T.Tensor => T.zeros([2], { requiresGrad: true });
type Loose = new (...args: unknown[]) => { defaults: object };
const loose = (C: unknown): Loose => C as Loose;

describe('optimizers: positional arguments in PyTorch order', () => {
  it('positional equals the options object', () => {
    const cases: [unknown, unknown[], Record<string, unknown>][] = [
      [SGD, [0.1, 0.9, 0.1, 1e-4, false], { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 1e-4, nesterov: false }],
      [Adam, [1e-2, [0.8, 0.9], 1e-6, 1e-3, true], { lr: 1e-2, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 1e-3, amsgrad: true }],
      [AdamW, [1e-2, [0.8, 0.9], 1e-6, 1e-3], { lr: 1e-2, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 1e-3 }],
      [RMSprop, [1e-2, 0.9, 1e-6, 1e-3, 0.5, true], { lr: 1e-2, alpha: 0.9, eps: 1e-6, weightDecay: 1e-3, momentum: 0.5, centered: true }],
      [Adagrad, [0.1, 0.01, 0.001, 0.5, 1e-8], { lr: 0.1, lrDecay: 0.01, weightDecay: 0.001, initialAccumulatorValue: 0.5, eps: 1e-8 }],
      [Adamax, [0.1, [0.8, 0.9], 1e-6, 0.01], { lr: 0.1, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.01 }],
      [NAdam, [0.1, [0.8, 0.9], 1e-6, 0.01, 0.005], { lr: 0.1, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.01, momentumDecay: 0.005 }],
      [RAdam, [0.1, [0.8, 0.9], 1e-6, 0.01], { lr: 0.1, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.01 }],
      [LBFGS, [0.5, 10, 12, 1e-5, 1e-7, 5, 'strong_wolfe'], { lr: 0.5, maxIter: 10, maxEval: 12, toleranceGrad: 1e-5, toleranceChange: 1e-7, historySize: 5, lineSearchFn: 'strong_wolfe' }],
      [Adadelta, [0.5, 0.8, 1e-5, 0.01], { lr: 0.5, rho: 0.8, eps: 1e-5, weightDecay: 0.01 }],
      [ASGD, [0.1, 1e-3, 0.5, 100, 0.01], { lr: 0.1, lambd: 1e-3, alpha: 0.5, t0: 100, weightDecay: 0.01 }],
      [Rprop, [0.1, [0.4, 1.5], [1e-5, 10]], { lr: 0.1, etas: [0.4, 1.5], stepSizes: [1e-5, 10] }],
      [SparseAdam, [0.1, [0.8, 0.9], 1e-6], { lr: 0.1, betas: [0.8, 0.9], eps: 1e-6 }],
    ];
    for (const [C, pos, opts] of cases) {
      const a = new (loose(C))([param()], ...pos), b = new (loose(C))([param()], opts);
      expect(a.defaults).toEqual(b.defaults);
      expect(a.defaults).toMatchObject(opts);
    }
    // A positional prefix, then keywords: SGD(params, 0.1, momentum=0.9) in Python.
    expect(new SGD([param()], 0.1, { momentum: 0.9 }).defaults).toMatchObject({ lr: 0.1, momentum: 0.9, dampening: 0 });
    expect(new Adam([param()], 0.01).defaults).toMatchObject({ lr: 0.01, betas: [0.9, 0.999], eps: 1e-8 });
  });

  it('steps the same whichever form built it', () => {
    const run = (opt: (p: T.Tensor) => { step(): void }): number[] => {
      const p = T.tensor([1, -2], { dtype: 'float32', requiresGrad: true });
      const o = opt(p);
      for (let i = 0; i < 3; i++) {
        p.grad = null;
        p.mul(p).sum().backward();
        o.step();
      }
      return p.tolist() as number[];
    };
    expect(run((p) => new SGD([p], 0.1, 0.9, 0, 0, true))).toEqual(run((p) => new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true })));
    expect(run((p) => new Adam([p], 0.1, [0.8, 0.9]))).toEqual(run((p) => new Adam([p], { lr: 0.1, betas: [0.8, 0.9] })));
  });

  it("raises Python's TypeErrors: unknown key, too many, twice, wrong type", () => {
    const S = loose(SGD);
    expect(() => new S([param()], 0.1, { weight_decay: 1e-4 })).toThrow(new TypeError("SGD() got an unexpected keyword argument 'weight_decay' (did you mean 'weightDecay'?)"));
    expect(() => new (loose(Adam))([param()], { lr: 0.1, betas2: [0.9, 0.9] })).toThrow("Adam() got an unexpected keyword argument 'betas2' (did you mean 'betas'?)");
    expect(() => new (loose(RMSprop))([param()], { momentun: 0.9 })).toThrow("RMSprop() got an unexpected keyword argument 'momentun' (did you mean 'momentum'?)");
    expect(() => new (loose(LBFGS))([param()], { max_iter: 5 })).toThrow("LBFGS() got an unexpected keyword argument 'max_iter' (did you mean 'maxIter'?)");
    expect(() => new S([param()], 0.1, 0.9, 0, 0, false, 3)).toThrow(new TypeError('SGD() takes from 2 to 7 positional arguments but 8 were given'));
    expect(() => new S([param()], 0.1, { lr: 0.2 })).toThrow("SGD() got multiple values for argument 'lr'");
    expect(() => new S([param()], '0.1')).toThrow("SGD(): argument 'lr' must be float, not str");
    expect(() => new (loose(Adam))([param()], 0.1, 0.9)).toThrow("Adam(): argument 'betas' must be a pair of numbers, not float");
  });

  it('param groups: a near-miss key is a typo, a far one a custom key', () => {
    expect(() => new SGD([{ params: [param()], weight_decay: 1 } as never], 0.1))
      .toThrow("SGD() got an unexpected keyword argument 'weight_decay' in a param group (did you mean 'weightDecay'?)");
    const opt = new SGD([{ params: [param()], name: 'head' } as never], 0.1);
    expect(Reflect.get(opt.paramGroups[0]!, 'name')).toBe('head');
    expect(() => opt.addParamGroup({ params: [param()], momentun: 0.9 } as never)).toThrow("(did you mean 'momentum'?)");
  });
});

describe('lr schedulers: positional arguments in PyTorch order', () => {
  const opt = (): SGD => new SGD([param()], 0.1);
  it('positional equals the options object', () => {
    const a = new lrScheduler.StepLR(opt(), 30, 0.5), b = new lrScheduler.StepLR(opt(), { stepSize: 30, gamma: 0.5 });
    expect([a.stepSize, a.gamma]).toEqual([30, 0.5]);
    expect([b.stepSize, b.gamma]).toEqual([30, 0.5]);
    expect(new lrScheduler.MultiStepLR(opt(), [3, 5], 0.5).stateDict()).toEqual(new lrScheduler.MultiStepLR(opt(), { milestones: [3, 5], gamma: 0.5 }).stateDict());
    expect(new lrScheduler.ExponentialLR(opt(), 0.9).gamma).toBe(0.9);
    expect(new lrScheduler.CosineAnnealingLR(opt(), 10, 0.01).stateDict()).toEqual(new lrScheduler.CosineAnnealingLR(opt(), { tMax: 10, etaMin: 0.01 }).stateDict());
    expect(new lrScheduler.LinearLR(opt(), 0.5, 1, 4).stateDict()).toEqual(new lrScheduler.LinearLR(opt(), { startFactor: 0.5, endFactor: 1, totalIters: 4 }).stateDict());
    expect(new lrScheduler.ReduceLROnPlateau(opt(), 'max', 0.5, 3).stateDict()).toEqual(new lrScheduler.ReduceLROnPlateau(opt(), { mode: 'max', factor: 0.5, patience: 3 }).stateDict());
    const f = (e: number): number => 0.9 ** e;
    expect(new lrScheduler.LambdaLR(opt(), f).getLastLr()).toEqual(new lrScheduler.LambdaLR(opt(), { lrLambda: f }).getLastLr());
  });

  it("raises Python's TypeErrors", () => {
    const Step = lrScheduler.StepLR as unknown as new (...a: unknown[]) => unknown;
    expect(() => new Step(opt())).toThrow(new TypeError("StepLR() missing 1 required positional argument: 'stepSize'"));
    expect(() => new Step(opt(), 30, { gama: 0.1 })).toThrow("StepLR() got an unexpected keyword argument 'gama' (did you mean 'gamma'?)");
    expect(() => new Step(opt(), { step_size: 30 })).toThrow("StepLR() got an unexpected keyword argument 'step_size' (did you mean 'stepSize'?)");
    const One = lrScheduler.OneCycleLR as unknown as new (...a: unknown[]) => unknown;
    expect(() => new One(opt(), { maxLr: 1, total_steps: 10 })).toThrow("OneCycleLR() got an unexpected keyword argument 'total_steps' (did you mean 'totalSteps'?)");
  });
});

describe('lr schedulers: CyclicLR, OneCycleLR, SequentialLR in PyTorch 1.13 positional order', () => {
  const opt = (): SGD => new SGD([param()], 0.1, 0.9);
  /** The learning rates over `n` steps. */
  const lrs = (sched: lrScheduler.LRScheduler, n = 6): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      (sched.optimizer as SGD).step(); // no gradients: only keeps the step-order warning quiet
      sched.step();
      out.push(sched.getLastLr()[0]!);
    }
    return out;
  };

  it('positional equals the options object', () => {
    // CyclicLR(optimizer, base_lr, max_lr, step_size_up, step_size_down, mode, gamma, ...)
    const c = new lrScheduler.CyclicLR(opt(), 0.01, 0.1, 2, 3, 'exp_range', 0.9);
    expect([c.totalSize, c.mode, c.gamma]).toEqual([5, 'exp_range', 0.9]);
    expect(lrs(c)).toEqual(lrs(new lrScheduler.CyclicLR(opt(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2, stepSizeDown: 3, mode: 'exp_range', gamma: 0.9 })));
    expect(lrs(new lrScheduler.CyclicLR(opt(), 0.01, 0.1, { stepSizeUp: 2 }))).toEqual(lrs(new lrScheduler.CyclicLR(opt(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2 })));
    // OneCycleLR(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, ...)
    const o = new lrScheduler.OneCycleLR(opt(), 0.5, null, 2, 5, 0.4, 'linear');
    expect([o.totalSteps, o.annealStrategy]).toEqual([10, 'linear']);
    expect(lrs(o)).toEqual(lrs(new lrScheduler.OneCycleLR(opt(), { maxLr: 0.5, epochs: 2, stepsPerEpoch: 5, pctStart: 0.4, annealStrategy: 'linear' })));
    expect(new lrScheduler.OneCycleLR(opt(), 0.5, 10).totalSteps).toBe(10);
    // SequentialLR(optimizer, schedulers, milestones, last_epoch, verbose)
    const seq = (positional: boolean): number[] => {
      const o2 = opt();
      const parts = [new lrScheduler.ConstantLR(o2, { factor: 0.5, totalIters: 2 }), new lrScheduler.ExponentialLR(o2, 0.9)];
      return lrs(positional ? new lrScheduler.SequentialLR(o2, parts, [2]) : new lrScheduler.SequentialLR(o2, { schedulers: parts, milestones: [2] }));
    };
    expect(seq(true)).toEqual(seq(false));
  });

  it("raises Python's TypeErrors: unknown key with the nearest, missing required", () => {
    const Cyc = lrScheduler.CyclicLR as unknown as new (...a: unknown[]) => unknown;
    const One = lrScheduler.OneCycleLR as unknown as new (...a: unknown[]) => unknown;
    const Seq = lrScheduler.SequentialLR as unknown as new (...a: unknown[]) => unknown;
    expect(() => new Cyc(opt(), 0.01, 0.1, { step_size_up: 2 })).toThrow(new TypeError("CyclicLR() got an unexpected keyword argument 'step_size_up' (did you mean 'stepSizeUp'?)"));
    expect(() => new Cyc(opt(), 0.01)).toThrow(new TypeError("CyclicLR() missing 1 required positional argument: 'maxLr'"));
    expect(() => new Cyc(opt(), 0.01, 0.1, '2')).toThrow("CyclicLR(): argument 'stepSizeUp' must be float, not str");
    expect(() => new One(opt(), 0.5, 10, { pct_start: 0.2 })).toThrow(new TypeError("OneCycleLR() got an unexpected keyword argument 'pct_start' (did you mean 'pctStart'?)"));
    expect(() => new One(opt())).toThrow(new TypeError("OneCycleLR() missing 1 required positional argument: 'maxLr'"));
    const o = opt();
    const parts = [new lrScheduler.ConstantLR(o), new lrScheduler.ExponentialLR(o, 0.9)];
    expect(() => new Seq(o, parts, [2], { last_epoch: -1 })).toThrow(new TypeError("SequentialLR() got an unexpected keyword argument 'last_epoch' (did you mean 'lastEpoch'?)"));
    expect(() => new Seq(o, parts)).toThrow(new TypeError("SequentialLR() missing 1 required positional argument: 'milestones'"));
  });
});
