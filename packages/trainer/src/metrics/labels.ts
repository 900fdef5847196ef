/** Label vectors for the metrics: tensors or arrays of class ids, checked like scikit-learn. */
import { Tensor } from '@torchlet/core';

/** Class labels: a 1-D integer tensor, or an array of integers. */
export type Labels = Tensor | readonly number[] | Int32Array;

/** The labels as a plain number array, rejecting non-integer values and non-1-D tensors. */
export function toLabelArray(labels: Labels, name: string): number[] {
  let values: number[];
  if (labels instanceof Tensor) {
    if (labels.shape.length !== 1) {
      throw new Error(`${name}: expected a 1-D tensor of class labels, got shape [${labels.shape.join(', ')}]`);
    }
    values = Array.from(labels.toTypedArray());
  } else {
    values = Array.from(labels);
  }
  for (const v of values) {
    if (!Number.isInteger(v)) throw new Error(`${name}: class labels must be integers, got ${v}`);
  }
  return values;
}

/** Both label vectors, of equal length (scikit-learn's check_consistent_length). */
export function checkTargets(yTrue: Labels, yPred: Labels): [number[], number[]] {
  const t = toLabelArray(yTrue, 'y_true');
  const p = toLabelArray(yPred, 'y_pred');
  if (t.length !== p.length) {
    throw new Error(`Found input variables with inconsistent numbers of samples: [${t.length}, ${p.length}]`);
  }
  return [t, p];
}

/** The sorted distinct labels of both vectors (scikit-learn's unique_labels). */
export function uniqueLabels(...vectors: readonly number[][]): number[] {
  const set = new Set<number>();
  for (const v of vectors) for (const x of v) set.add(x);
  return [...set].sort((a, b) => a - b);
}
