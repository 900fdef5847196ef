/** Epoch metrics for `fit`, computed from the model's outputs (logits or labels) and the targets. */
import type { Tensor } from '@torchlet/core';
import { accuracyScore, f1Score, precisionScore, recallScore, type PRFOptions } from '../metrics/classification';
import type { Metric } from './types';

/** Class predictions: argmax over dim 1 of logits, or the outputs themselves when already labels. */
export function predictedLabels(outputs: Tensor): Tensor {
  if (outputs.shape.length === 1) return outputs;
  return outputs.argmax(1);
}

type AveragedOptions = Omit<PRFOptions, 'average'> & { average?: 'macro' | 'micro' | 'weighted' | 'binary' };

/**
 * Accuracy of argmax(outputs, 1) against the targets.
 * @example fit({ ..., metrics: { accuracy: accuracyMetric() } })
 */
export function accuracyMetric(): Metric {
  return (outputs, targets) => accuracyScore(targets, predictedLabels(outputs));
}

/** F1 of the predicted classes (default macro average). */
export function f1Metric(opts: AveragedOptions = {}): Metric {
  return (outputs, targets) => f1Score(targets, predictedLabels(outputs), { ...opts, average: opts.average ?? 'macro' });
}

/** Precision of the predicted classes (default macro average). */
export function precisionMetric(opts: AveragedOptions = {}): Metric {
  return (outputs, targets) => precisionScore(targets, predictedLabels(outputs), { ...opts, average: opts.average ?? 'macro' });
}

/** Recall of the predicted classes (default macro average). */
export function recallMetric(opts: AveragedOptions = {}): Metric {
  return (outputs, targets) => recallScore(targets, predictedLabels(outputs), { ...opts, average: opts.average ?? 'macro' });
}
