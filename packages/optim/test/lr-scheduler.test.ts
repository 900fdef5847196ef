/**
 * Every scheduler's learning-rate (and momentum) sequence over 100 steps against PyTorch 1.13
 * (tools/parity/optim_lr_schedulers.py), its state dict, and state-dict round trips.
 */
import { zeros } from '@torchlet/core';
import { Adam, SGD, lrScheduler, type BaseOptions, type Optimizer, type ParamState } from '@torchlet/optim';
import { pyPow } from '../src/pow';
import { loadFixture } from './helpers';

type Spec = [string, Record<string, unknown>];
interface SchedulerCase {
  name: string;
  optimizer: 'SGD' | 'Adam';
  spec: Spec;
  lrs: number[][];
  momenta: (number | null)[][];
  last_lr: number[] | null;
  state_dict: Record<string, unknown>;
}
interface SchedulerFixture { steps: number; metrics: number[]; cases: SchedulerCase[] }

const fx = loadFixture<SchedulerFixture>('optim_lr_schedulers.json');
type Opt = Optimizer<BaseOptions, ParamState>;
type AnyScheduler = lrScheduler.LRScheduler | lrScheduler.ReduceLROnPlateau;

/** The Python lambdas of the fixture script, by name. */
const LAMBDAS: Record<string, lrScheduler.LrLambda> = {
  pow095: (e) => pyPow(0.95, e),
  inv: (e) => 1.0 / (e + 1),
  warmup10: (e) => Math.min(1.0, (e + 1) / 10),
  const097: () => 0.97,
  alt: (e) => (e % 2 ? 0.9 : 1.05),
};


function makeOptimizer(kind: 'SGD' | 'Adam'): Opt {
  const a = zeros([3], { requiresGrad: true }), b = zeros([2], { requiresGrad: true });
  const groups = [{ params: [a] }, { params: [b], lr: 0.05 }];
  return kind === 'Adam' ? new Adam(groups, { lr: 0.1 }) : new SGD(groups, { lr: 0.1, momentum: 0.9 });
}

/** Typed readers for a spec's kwargs (Python names). */
class Kwargs {
  constructor(private readonly kw: Record<string, unknown>) {}
  has(k: string): boolean { return k in this.kw; }
  num(k: string): number {
    const v = this.kw[k];
    if (typeof v !== 'number') throw new Error(`${k} is not a number`);
    return v;
  }
  opt(k: string): number | undefined { return this.has(k) ? this.num(k) : undefined; }
  numOrList(k: string): number | number[] {
    const v = this.kw[k];
    if (typeof v === 'number') return v;
    if (Array.isArray(v) && v.every((x): x is number => typeof x === 'number')) return v;
    throw new Error(`${k} is not a number or list`);
  }
  optNumOrList(k: string): number | number[] | undefined { return this.has(k) ? this.numOrList(k) : undefined; }
  list(k: string): number[] {
    const v = this.numOrList(k);
    return typeof v === 'number' ? [v] : v;
  }
  bool(k: string): boolean | undefined {
    const v = this.kw[k];
    return typeof v === 'boolean' ? v : undefined;
  }
  str(k: string): string | undefined {
    const v = this.kw[k];
    return typeof v === 'string' ? v : undefined;
  }
  lambdas(): lrScheduler.LrLambda | lrScheduler.LrLambda[] {
    const v = this.kw.lr_lambda;
    return Array.isArray(v) ? v.map((n) => LAMBDAS[String(n)]!) : LAMBDAS[String(v)]!;
  }
  specs(): Spec[] {
    const v = this.kw.schedulers;
    if (!Array.isArray(v)) throw new Error('schedulers is not a list');
    return v.map((x): Spec => {
      if (!Array.isArray(x) || typeof x[0] !== 'string' || typeof x[1] !== 'object' || x[1] === null) throw new Error('bad spec');
      const kw: Record<string, unknown> = { ...x[1] };
      return [x[0], kw];
    });
  }
}

/** Builds the scheduler a fixture spec describes. */
function build(opt: Opt, [kind, kwargs]: Spec): AnyScheduler {
  const k = new Kwargs(kwargs);
  const L = lrScheduler;
  const subs = (): lrScheduler.LRScheduler[] => k.specs().map((s) => {
    const sub = build(opt, s);
    if (!(sub instanceof L.LRScheduler)) throw new Error('not an LRScheduler');
    return sub;
  });
  switch (kind) {
    case 'LambdaLR': return new L.LambdaLR(opt, { lrLambda: k.lambdas() });
    case 'MultiplicativeLR': return new L.MultiplicativeLR(opt, { lrLambda: k.lambdas() });
    case 'StepLR': return new L.StepLR(opt, { stepSize: k.num('step_size'), gamma: k.opt('gamma') });
    case 'MultiStepLR': return new L.MultiStepLR(opt, { milestones: k.list('milestones'), gamma: k.opt('gamma') });
    case 'ExponentialLR': return new L.ExponentialLR(opt, { gamma: k.num('gamma') });
    case 'CosineAnnealingLR': return new L.CosineAnnealingLR(opt, { tMax: k.num('T_max'), etaMin: k.opt('eta_min') });
    case 'CosineAnnealingWarmRestarts':
      return new L.CosineAnnealingWarmRestarts(opt, { t0: k.num('T_0'), tMult: k.opt('T_mult'), etaMin: k.opt('eta_min') });
    case 'LinearLR':
      return new L.LinearLR(opt, { startFactor: k.opt('start_factor'), endFactor: k.opt('end_factor'), totalIters: k.opt('total_iters') });
    case 'ConstantLR': return new L.ConstantLR(opt, { factor: k.opt('factor'), totalIters: k.opt('total_iters') });
    case 'PolynomialLR': return new L.PolynomialLR(opt, { totalIters: k.opt('total_iters'), power: k.opt('power') });
    case 'OneCycleLR':
      return new L.OneCycleLR(opt, {
        maxLr: k.numOrList('max_lr'), totalSteps: k.opt('total_steps'), epochs: k.opt('epochs'),
        stepsPerEpoch: k.opt('steps_per_epoch'), pctStart: k.opt('pct_start'),
        annealStrategy: k.str('anneal_strategy') === 'linear' ? 'linear' : 'cos', threePhase: k.bool('three_phase'),
        divFactor: k.opt('div_factor'), finalDivFactor: k.opt('final_div_factor'),
      });
    case 'CyclicLR': {
      const mode = k.str('mode');
      return new L.CyclicLR(opt, {
        baseLr: k.numOrList('base_lr'), maxLr: k.numOrList('max_lr'), stepSizeUp: k.opt('step_size_up'),
        stepSizeDown: k.opt('step_size_down'), gamma: k.opt('gamma'), cycleMomentum: k.bool('cycle_momentum'),
        mode: mode === 'triangular2' || mode === 'exp_range' ? mode : 'triangular',
      });
    }
    case 'ReduceLROnPlateau':
      return new L.ReduceLROnPlateau(opt, {
        mode: k.str('mode') === 'max' ? 'max' : 'min', thresholdMode: k.str('threshold_mode') === 'abs' ? 'abs' : 'rel',
        patience: k.opt('patience'), factor: k.opt('factor'), threshold: k.opt('threshold'), cooldown: k.opt('cooldown'),
        minLr: k.optNumOrList('min_lr'),
      });
    case 'SequentialLR': return new L.SequentialLR(opt, { schedulers: subs(), milestones: k.list('milestones') });
    case 'ChainedScheduler': return new L.ChainedScheduler(subs());
    default: throw new Error('unknown scheduler ' + kind);
  }
}

function momenta(opt: Opt): (number | null)[] {
  return opt.paramGroups.map((g) => {
    const betas: unknown = Reflect.get(g, 'betas');
    const m: unknown = Array.isArray(betas) ? betas[0] : Reflect.get(g, 'momentum');
    return typeof m === 'number' ? m : null;
  });
}

function stepOnce(opt: Opt, sched: AnyScheduler, i: number): void {
  opt.step();
  if (sched instanceof lrScheduler.ReduceLROnPlateau) sched.step(fx.metrics[i]!);
  else sched.step();
}

function expectClose(actual: readonly (number | null)[], expected: readonly (number | null)[], where: string): void {
  expect([where, actual.length]).toEqual([where, expected.length]);
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (e === null || a === null) {
      expect([where, a]).toEqual([where, e]);
      return;
    }
    const err = Math.abs(a - e) / Math.max(Math.abs(e), 1e-300);
    if (!(err <= 1e-12)) expect([where, i, a]).toEqual([where, i, e]);
  });
}

/** PyTorch state values that are functions or weak references (not comparable). */
const OPAQUE = '<object>';

function expectStateLike(mine: Record<string, unknown>, theirs: Record<string, unknown>, where: string): void {
  expect([where, Object.keys(mine).sort()]).toEqual([where, Object.keys(theirs).filter((k) => k !== '_scale_fn_ref').sort()]);
  for (const [k, v] of Object.entries(theirs)) {
    if (v === OPAQUE || k === '_scale_fn_ref') continue;
    const m = mine[k];
    if (k === '_schedulers' && Array.isArray(v) && Array.isArray(m)) {
      v.forEach((sub, i) => expectStateLike(m[i] as Record<string, unknown>, sub as Record<string, unknown>, `${where}._schedulers[${i}]`));
    } else if (v === 'inf' || v === '-inf') {
      expect([where, k, m]).toEqual([where, k, v === 'inf' ? Infinity : -Infinity]);
    } else if (typeof v === 'number' && typeof m === 'number') {
      expectClose([m], [v], `${where}.${k}`);
    } else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) {
      expectClose(m as number[], v, `${where}.${k}`);
    } else {
      expect([where, k, m]).toEqual([where, k, v]);
    }
  }
}

describe.each(fx.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('learning rates (and momenta) follow PyTorch over 100 steps', () => {
    const opt = makeOptimizer(c.optimizer);
    const sched = build(opt, c.spec);
    expectClose(opt.paramGroups.map((g) => g.lr), c.lrs[0]!, 'step 0');
    expectClose(momenta(opt), c.momenta[0]!, 'momentum 0');
    for (let i = 0; i < fx.steps; i++) {
      stepOnce(opt, sched, i);
      expectClose(opt.paramGroups.map((g) => g.lr), c.lrs[i + 1]!, `step ${i + 1}`);
      expectClose(momenta(opt), c.momenta[i + 1]!, `momentum ${i + 1}`);
    }
    if (c.last_lr !== null) expectClose(sched.getLastLr(), c.last_lr, 'getLastLr');
    expectStateLike(sched.stateDict(), c.state_dict, c.name);
  });

  test('stateDict round trip resumes to identical learning rates', () => {
    const optA = makeOptimizer(c.optimizer);
    const a = build(optA, c.spec);
    for (let i = 0; i < 50; i++) stepOnce(optA, a, i);
    const savedOpt = optA.stateDict();
    const saved = JSON.parse(JSON.stringify(a.stateDict(), (_k, v: unknown) => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v)),
      (_k, v: unknown) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v)) as Record<string, unknown>;
    const optB = makeOptimizer(c.optimizer);
    const b = build(optB, c.spec);
    optB.loadStateDict(savedOpt);
    b.loadStateDict(saved);
    for (let i = 50; i < fx.steps; i++) {
      stepOnce(optA, a, i);
      stepOnce(optB, b, i);
      expect(optB.paramGroups.map((g) => g.lr)).toEqual(optA.paramGroups.map((g) => g.lr));
      expect(momenta(optB)).toEqual(momenta(optA));
    }
  });
});
