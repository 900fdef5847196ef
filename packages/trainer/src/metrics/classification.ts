/**
 * Classification metrics with scikit-learn's definitions and defaults: accuracy_score,
 * confusion_matrix, precision/recall/F-beta (binary, per class, macro, micro, weighted).
 */
import { checkTargets, type Labels, uniqueLabels } from './labels';

/**
 * scikit-learn's `accuracy_score`: the fraction (or, with `normalize: false`, the number) of
 * samples whose predicted label equals the true one.
 * @example accuracyScore([0, 1, 2, 0], [0, 2, 2, 0]) // 0.75
 */
export function accuracyScore(yTrue: Labels, yPred: Labels, opts: { normalize?: boolean } = {}): number {
  const [t, p] = checkTargets(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) correct++;
  if (opts.normalize === false) return correct;
  return t.length === 0 ? Number.NaN : correct / t.length;
}

/**
 * scikit-learn's `confusion_matrix`: `C[i][j]` counts samples of true class `labels[i]`
 * predicted as `labels[j]`; `labels` defaults to the sorted labels present in either vector.
 * @example confusionMatrix([0, 1, 1], [0, 1, 0]) // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: Labels, yPred: Labels, opts: { labels?: readonly number[] } = {}): number[][] {
  const [t, p] = checkTargets(yTrue, yPred);
  const labels = opts.labels ? [...opts.labels] : uniqueLabels(t, p);
  if (labels.length === 0) throw new Error("'labels' should contains at least one label.");
  const present = new Set(t);
  if (opts.labels && !labels.some((l) => present.has(l))) throw new Error('At least one label specified must be in y_true');
  const index = new Map(labels.map((l, i) => [l, i]));
  const cm = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < t.length; i++) {
    const r = index.get(t[i]!);
    const c = index.get(p[i]!);
    if (r !== undefined && c !== undefined) cm[r]![c]!++;
  }
  return cm;
}

/** How precision, recall and F-beta are averaged over classes (null: one value per class). */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted' | null;

/**
 * Options of precisionRecallFscoreSupport and its shorthands (scikit-learn's keyword arguments,
 * camelCased).
 */
export interface PRFOptions {
  /** Default 'binary' (scikit-learn's default): the score of class `posLabel` alone. */
  average?: Average;
  /** The classes to score (and their order), default all labels present. */
  labels?: readonly number[];
  /** The positive class for `average: 'binary'`, default 1. */
  posLabel?: number;
  /** F-beta's beta, default 1 (F1). */
  beta?: number;
  /** The value of 0/0 (a class never predicted, or never true); 'warn' acts as 0. */
  zeroDivision?: 0 | 1 | 'warn';
}

/** Per-class values (`average: null`) or one averaged number. */
export interface PRFResult<V> {
  /** tp / (tp + fp). */
  precision: V;
  /** tp / (tp + fn). */
  recall: V;
  /** The weighted harmonic mean of precision and recall (F-beta). */
  fScore: V;
  /** The number of true samples per class (only without averaging, as in scikit-learn). */
  support: V extends number ? null : number[];
}

const AVERAGES = [null, 'micro', 'macro', 'weighted', 'samples'];

function divide(num: number[], den: number[], zeroDivision: 0 | 1 | 'warn'): number[] {
  return num.map((n, i) => (den[i] === 0 ? (zeroDivision === 1 ? 1 : 0) : n / den[i]!));
}

function weightedAverage(values: readonly number[], weights: readonly number[] | null): number {
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    const w = weights === null ? 1 : weights[i]!;
    num += v * w;
    den += w;
  });
  return num / den;
}

/** The labels to score, validating `average` against the targets as scikit-learn does. */
function setWiseLabels(t: number[], p: number[], average: Average, labels: readonly number[] | undefined, posLabel: number): number[] {
  if (!AVERAGES.includes(average) && average !== 'binary') {
    throw new Error(`average has to be one of (None, 'micro', 'macro', 'weighted', 'samples')`);
  }
  const present = uniqueLabels(t, p);
  if (average === 'binary') {
    if (present.length > 2) {
      throw new Error("Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted'].");
    }
    if (!present.includes(posLabel) && present.length >= 2) {
      throw new Error(`pos_label=${posLabel} is not a valid label. It should be one of [${present.join(', ')}]`);
    }
    return [posLabel];
  }
  return labels ? [...labels] : present;
}

/**
 * scikit-learn's `precision_recall_fscore_support`: precision `tp / (tp + fp)`, recall
 * `tp / (tp + fn)` and F-beta per class, then averaged as `average` says.
 * @example precisionRecallFscoreSupport([0, 1, 2, 2], [0, 2, 2, 2], {average: 'macro'}).fScore
 */
export function precisionRecallFscoreSupport(yTrue: Labels, yPred: Labels, opts: PRFOptions & { average: null }): PRFResult<number[]>;
export function precisionRecallFscoreSupport(yTrue: Labels, yPred: Labels, opts?: PRFOptions): PRFResult<number>;
export function precisionRecallFscoreSupport(yTrue: Labels, yPred: Labels, opts: PRFOptions = {}): PRFResult<number> | PRFResult<number[]> {
  const [t, p] = checkTargets(yTrue, yPred);
  const average = opts.average === undefined ? 'binary' : opts.average;
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new Error('beta should be >=0 in the F-beta score');
  const zeroDivision = opts.zeroDivision ?? 'warn';
  const labels = setWiseLabels(t, p, average, opts.labels, opts.posLabel ?? 1);
  const index = new Map(labels.map((l, i) => [l, i]));
  let tp = labels.map(() => 0);
  let predSum = labels.map(() => 0);
  let trueSum = labels.map(() => 0);
  for (let i = 0; i < t.length; i++) {
    const ti = index.get(t[i]!);
    const pi = index.get(p[i]!);
    if (ti !== undefined) trueSum[ti]!++;
    if (pi !== undefined) predSum[pi]!++;
    if (ti !== undefined && t[i] === p[i]) tp[ti]!++;
  }
  if (average === 'micro') {
    const total = (v: number[]): number[] => [v.reduce((a, b) => a + b, 0)];
    tp = total(tp);
    predSum = total(predSum);
    trueSum = total(trueSum);
  }
  const precision = divide(tp, predSum, zeroDivision);
  const recall = divide(tp, trueSum, zeroDivision);
  const beta2 = beta * beta;
  const fScore = precision.map((pr, i) => {
    if (beta === Infinity) return recall[i]!;
    const denom = beta2 * pr + recall[i]!;
    return ((1 + beta2) * pr * recall[i]!) / (denom === 0 ? 1 : denom);
  });
  if (average === null) return { precision, recall, fScore, support: trueSum };
  let weights: number[] | null = null;
  if (average === 'weighted') {
    weights = trueSum;
    if (trueSum.every((w) => w === 0)) {
      const z = zeroDivision === 1 ? 1 : 0;
      if (predSum.every((w) => w === 0)) return { precision: z, recall: z, fScore: z, support: null };
      return { precision: 0, recall: z, fScore: 0, support: null };
    }
  }
  return {
    precision: weightedAverage(precision, weights),
    recall: weightedAverage(recall, weights),
    fScore: weightedAverage(fScore, weights),
    support: null,
  };
}

/**
 * scikit-learn's `precision_score` (default `average: 'binary'`; pass `'macro'` for multiclass).
 * @example precisionScore([0, 1, 2], [0, 2, 2], {average: 'macro'})
 */
export function precisionScore(yTrue: Labels, yPred: Labels, opts: PRFOptions & { average: null }): number[];
export function precisionScore(yTrue: Labels, yPred: Labels, opts?: PRFOptions): number;
export function precisionScore(yTrue: Labels, yPred: Labels, opts: PRFOptions = {}): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, opts).precision;
}

/**
 * scikit-learn's `recall_score`.
 * @example recallScore([0, 1, 2], [0, 2, 2], {average: null}) // [1, 0, 1]
 */
export function recallScore(yTrue: Labels, yPred: Labels, opts: PRFOptions & { average: null }): number[];
export function recallScore(yTrue: Labels, yPred: Labels, opts?: PRFOptions): number;
export function recallScore(yTrue: Labels, yPred: Labels, opts: PRFOptions = {}): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, opts).recall;
}

/**
 * scikit-learn's `f1_score`.
 * @example f1Score([0, 1, 2], [0, 2, 2], {average: 'macro'})
 */
export function f1Score(yTrue: Labels, yPred: Labels, opts: Omit<PRFOptions, 'beta'> & { average: null }): number[];
export function f1Score(yTrue: Labels, yPred: Labels, opts?: Omit<PRFOptions, 'beta'>): number;
export function f1Score(yTrue: Labels, yPred: Labels, opts: Omit<PRFOptions, 'beta'> = {}): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, { ...opts, beta: 1 }).fScore;
}

/**
 * scikit-learn's `fbeta_score`.
 * @example fbetaScore([0, 1, 1], [0, 1, 0], {beta: 2})
 */
export function fbetaScore(yTrue: Labels, yPred: Labels, opts: PRFOptions & { beta: number; average: null }): number[];
export function fbetaScore(yTrue: Labels, yPred: Labels, opts: PRFOptions & { beta: number }): number;
export function fbetaScore(yTrue: Labels, yPred: Labels, opts: PRFOptions & { beta: number }): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, opts).fScore;
}
