/** L-BFGS, as torch.optim.LBFGS (1.13): a closure-driven quasi-Newton method with optional strong Wolfe line search. */
import { Tensor, enableGrad, noGrad, zeros } from '@torchlet/core';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, type BaseOptions, type Loss, type ParamsInput } from './optimizer';
import { strongWolfe } from './lbfgs-line-search';
import {
  TensorScalar, div, fromStateValue, fromTensor, gt, le, mul, pyMin, sub, toStateValue, value, type Num,
} from './lbfgs-scalar';
import type { ParamState, StateValue } from './state';

export interface LBFGSOptions extends BaseOptions {
  /** Maximal number of iterations per step() (default 20). */
  maxIter: number;
  /** Maximal number of function evaluations per step() (default maxIter * 5 / 4, floored). */
  maxEval: number;
  /** Termination tolerance on first-order optimality (default 1e-7). */
  toleranceGrad: number;
  /** Termination tolerance on function value / parameter changes (default 1e-9). */
  toleranceChange: number;
  /** Update history size (default 100). */
  historySize: number;
  /** null (fixed step lr) or 'strong_wolfe' (default null). */
  lineSearchFn: 'strong_wolfe' | null;
}

/** LBFGS keeps all its state on the first parameter, as PyTorch does. */
export type LBFGSState = {
  /** Function evaluations so far (PyTorch's `func_evals`). */
  funcEvals: number;
  /** Iterations so far (`n_iter`). */
  nIter: number;
  /** The last search direction. */
  d?: Tensor;
  /** The last step length. */
  t?: Tensor | number;
  /** Curvature-pair history: gradient differences y (`old_dirs`). */
  oldDirs?: Tensor[];
  /** Curvature-pair history: steps s (`old_stps`). */
  oldStps?: Tensor[];
  /** 1 / (y·s) for each stored pair. */
  ro?: (Tensor | number)[];
  /** Scale of the initial inverse-Hessian approximation (`H_diag`). */
  HDiag?: Tensor | number;
  /** The flattened gradient of the previous iteration. */
  prevFlatGrad?: Tensor;
  /** The loss of the previous iteration. */
  prevLoss?: number;
  /** Two-loop recursion coefficients (`al`), kept as PyTorch keeps them. */
  al?: (Tensor | number | null)[];
};

function lossValue(l: Loss): number {
  return l instanceof Tensor ? l.item() : l;
}

/**
 * torch.optim.LBFGS. step() needs a closure that clears the gradients, computes the loss,
 * calls backward() and returns the loss.
 * @example
 * const opt = new LBFGS([w, b], { lr: 1, lineSearchFn: 'strong_wolfe' });
 * opt.step(() => { opt.zeroGrad(); const loss = model(x).sub(y).pow(2).mean(); loss.backward(); return loss; });
 */
export class LBFGS extends Optimizer<LBFGSOptions, LBFGSState> {
  constructor(
    params: ParamsInput<LBFGSOptions>,
    ...args: PositionalArgs<[lr: number, maxIter: number, maxEval: number | null, toleranceGrad: number, toleranceChange: number,
      historySize: number, lineSearchFn: 'strong_wolfe' | null], LBFGSOptions>
  ) {
    const options = optimizerArgs<LBFGSOptions>('LBFGS', ['lr', 'maxIter', 'maxEval', 'toleranceGrad', 'toleranceChange', 'historySize', 'lineSearchFn'],
      { lr: 0, maxIter: 0, maxEval: undefined, toleranceGrad: 0, toleranceChange: 0, historySize: 0, lineSearchFn: null }, args);
    const { lr = 1, maxIter = 20, toleranceGrad = 1e-7, toleranceChange = 1e-9, historySize = 100, lineSearchFn = null } = options;
    const maxEval = options.maxEval ?? Math.floor((maxIter * 5) / 4);
    super(params, { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn });
    if (this.paramGroups.length !== 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
  }

  private get params(): Tensor[] {
    return this.paramGroups[0]!.params;
  }

  private gatherFlatGrad(): Tensor {
    let n = 0;
    for (const p of this.params) n += p.numel();
    const flat = zeros([n], { dtype: this.params[0]!.dtype });
    let offset = 0;
    for (const p of this.params) {
      const k = p.numel();
      if (p.grad !== null) flat.narrow(0, offset, k).copy_(p.grad.reshape(-1));
      offset += k;
    }
    return flat;
  }

  private addGrad(stepSize: Num, update: Tensor): void {
    let offset = 0;
    for (const p of this.params) {
      const k = p.numel();
      p.add_(update.narrow(0, offset, k).view(p.shape), { alpha: value(stepSize) });
      offset += k;
    }
  }

  private directionalEvaluate(closure: () => Loss, x: Tensor[], t: Num, d: Tensor): [number, Tensor] {
    this.addGrad(t, d);
    const loss = lossValue(enableGrad(closure));
    const flatGrad = this.gatherFlatGrad();
    this.params.forEach((p, i) => p.copy_(x[i]!));
    return [loss, flatGrad];
  }

  /** Runs up to maxIter iterations; returns the loss from the first closure call. */
  override step<L extends Loss>(closure: () => L): L;
  override step<L extends Loss>(closure?: () => L): L | undefined;
  override step<L extends Loss>(closure?: () => L): L | undefined {
    if (closure === undefined) throw new TypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    const loss = noGrad(() => this.iterate(closure));
    this.stepCount++;
    return loss;
  }

  private iterate<L extends Loss>(closure: () => L): L {
    const group = this.paramGroups[0]!;
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, lineSearchFn, historySize } = group;
    const state = this.stateOf(this.params[0]!, () => ({ funcEvals: 0, nIter: 0 }));
    const maxAbs = (t: Tensor): TensorScalar => fromTensor(t.abs().max());

    const origLoss = enableGrad(closure);
    let loss = lossValue(origLoss);
    let currentEvals = 1;
    state.funcEvals += 1;
    let flatGrad = this.gatherFlatGrad();
    let optCond = le(maxAbs(flatGrad), toleranceGrad);
    if (optCond) return origLoss;

    let d = state.d;
    let t: Num = fromStateValue(state.t, lr);
    let oldDirs = state.oldDirs ?? [];
    let oldStps = state.oldStps ?? [];
    let ro: Num[] = (state.ro ?? []).map((v) => fromStateValue(v, 0));
    let hDiag: Num = fromStateValue(state.HDiag, 1);
    let prevFlatGrad = state.prevFlatGrad;
    let prevLoss = state.prevLoss ?? loss;
    let al = state.al?.map((v) => (v === null ? null : fromStateValue(v, 0)));

    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      state.nIter += 1;
      if (state.nIter === 1 || d === undefined || prevFlatGrad === undefined) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = flatGrad.sub(prevFlatGrad);
        const s = d.mul(value(t));
        const ys = fromTensor(y.dot(s));
        if (gt(ys, 1e-10)) {
          if (oldDirs.length === historySize) {
            oldDirs.shift();
            oldStps.shift();
            ro.shift();
          }
          oldDirs.push(y);
          oldStps.push(s);
          ro.push(div(1.0, ys));
          hDiag = div(ys, fromTensor(y.dot(y)));
        }
        const numOld = oldDirs.length;
        al ??= new Array<Num | null>(historySize).fill(null);
        const q = flatGrad.neg();
        for (let i = numOld - 1; i >= 0; i--) {
          const alI = mul(fromTensor(oldStps[i]!.dot(q)), ro[i]!);
          al[i] = alI;
          q.add_(oldDirs[i]!, { alpha: -value(alI) });
        }
        d = q.mul(value(hDiag));
        const r = d;
        for (let i = 0; i < numOld; i++) {
          const beI = mul(fromTensor(oldDirs[i]!.dot(r)), ro[i]!);
          r.add_(oldStps[i]!, { alpha: value(sub(al[i] ?? 0, beI)) });
        }
      }
      if (prevFlatGrad === undefined) prevFlatGrad = flatGrad.clone();
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;

      t = state.nIter === 1 ? mul(pyMin(1.0, div(1.0, fromTensor(flatGrad.abs().sum()))), lr) : lr;
      const gtd = fromTensor(flatGrad.dot(d));
      if (gt(gtd, -toleranceChange)) break;

      let lsFuncEvals = 0;
      if (lineSearchFn !== null) {
        if (lineSearchFn !== 'strong_wolfe') throw new Error("only 'strong_wolfe' is supported");
        const xInit = this.params.map((p) => p.clone());
        const res = strongWolfe((x, tt, dd) => this.directionalEvaluate(closure, x, tt, dd), xInit, t, d, loss, flatGrad, gtd);
        loss = res.loss;
        flatGrad = res.flatGrad;
        t = res.t;
        lsFuncEvals = res.funcEvals;
        this.addGrad(t, d);
        optCond = le(maxAbs(flatGrad), toleranceGrad);
      } else {
        this.addGrad(t, d);
        if (nIter !== maxIter) {
          loss = lossValue(enableGrad(closure));
          flatGrad = this.gatherFlatGrad();
          optCond = le(maxAbs(flatGrad), toleranceGrad);
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals += lsFuncEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (le(maxAbs(d.mul(value(t))), toleranceChange)) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }

    state.d = d;
    state.t = toStateValue(t);
    state.oldDirs = oldDirs;
    state.oldStps = oldStps;
    state.ro = ro.map(toStateValue);
    state.HDiag = toStateValue(hDiag);
    state.prevFlatGrad = prevFlatGrad;
    state.prevLoss = prevLoss;
    if (al !== undefined) state.al = al.map((v) => (v === null ? null : toStateValue(v)));
    return origLoss;
  }

  protected applyUpdate(): void {
    throw new TypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
  }

  protected restoreState(entry: ParamState): LBFGSState {
    const num = (v: StateValue | undefined): number => (typeof v === 'number' ? v : v instanceof Tensor ? v.item() : 0);
    const tensorList = (v: StateValue | undefined): Tensor[] | undefined =>
      Array.isArray(v) ? v.filter((x): x is Tensor => x instanceof Tensor) : undefined;
    const scalarList = (v: StateValue | undefined): (Tensor | number | null)[] | undefined =>
      Array.isArray(v) ? v.map((x) => (x instanceof Tensor || typeof x === 'number' ? x : null)) : undefined;
    const s: LBFGSState = { funcEvals: num(entry.funcEvals), nIter: num(entry.nIter) };
    if (entry.d instanceof Tensor) s.d = entry.d;
    if (entry.t instanceof Tensor || typeof entry.t === 'number') s.t = entry.t;
    const dirs = tensorList(entry.oldDirs), stps = tensorList(entry.oldStps);
    if (dirs) s.oldDirs = dirs;
    if (stps) s.oldStps = stps;
    const ro = scalarList(entry.ro);
    if (ro) s.ro = ro.map((x) => x ?? 0);
    if (entry.HDiag instanceof Tensor || typeof entry.HDiag === 'number') s.HDiag = entry.HDiag;
    if (entry.prevFlatGrad instanceof Tensor) s.prevFlatGrad = entry.prevFlatGrad;
    if (typeof entry.prevLoss === 'number') s.prevLoss = entry.prevLoss;
    const al = scalarList(entry.al);
    if (al) s.al = al;
    return s;
  }
}
