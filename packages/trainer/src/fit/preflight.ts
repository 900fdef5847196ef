/**
 * Checks before the first step, so bad data fails fast instead of mid-epoch: class labels out of
 * range for the model's outputs (PyTorch's "Target 10 is out of bounds."), non-finite inputs,
 * and a model that cannot take the inputs at all.
 */
import { cat, indexSelect, noGrad, Tensor, tensor } from '@torchlet/core';
import { DataLoader } from '../data/dataloader';
import { ConcatDataset, Dataset, Subset, TensorDataset } from '../data/dataset';

/** Runs the model on one input in eval mode (then back to train mode), without autograd. */
export type Probe = (input: Tensor) => unknown;

/** PyTorch's default `ignore_index` of the classification losses. */
const IGNORE_INDEX = -100;

/** The input and target tensors of an in-memory dataset, or null when they are not known without loading. */
function tensorsOf(ds: Dataset<unknown>): [Tensor, Tensor] | null {
  if (ds instanceof TensorDataset) {
    const ts: readonly Tensor[] = (ds as TensorDataset<Tensor[]>).tensors;
    if (ts.length < 2) return null;
    return [ts[0]!, ts[ts.length - 1]!];
  }
  if (ds instanceof Subset) {
    const inner = tensorsOf(ds.dataset);
    if (inner === null || ds.indices.length === 0) return null;
    const index = tensor(Int32Array.from(ds.indices, (i) => (i < 0 ? i + inner[0].shape[0]! : i)));
    return [indexSelect(inner[0], 0, index), indexSelect(inner[1], 0, index)];
  }
  if (ds instanceof ConcatDataset) {
    const parts = ds.datasets.map(tensorsOf);
    if (parts.some((p) => p === null)) return null;
    const ps = parts as [Tensor, Tensor][];
    return [cat(ps.map((p) => p[0]), 0), cat(ps.map((p) => p[1]), 0)];
  }
  return null;
}

function checkLoader(probe: Probe, loader: unknown, name: string): void {
  if (!(loader instanceof DataLoader) || !(loader.dataset instanceof Dataset)) return;
  const pair = tensorsOf(loader.dataset as Dataset<unknown>);
  if (pair === null) return;
  const [inputs, targets] = pair;
  if (inputs.shape[0] === 0) return;
  if (inputs.dtype === 'float32' || inputs.dtype === 'float64') {
    const bad = inputs.isfinite().logicalNot().reshape(inputs.shape[0]!, -1).any(1);
    const first = (bad.toTypedArray() as Uint8Array).indexOf(1);
    if (first >= 0) throw new Error(`fit: ${name} sample ${first} has NaN or infinite inputs`);
  }
  if (targets.dtype !== 'int32' && targets.dtype !== 'int64') return;
  // The number of classes is the model's output width on one sample (eval mode, no autograd).
  const output = noGrad(() => probe(inputs.narrow(0, 0, 1)));
  if (!(output instanceof Tensor) || output.shape.length < 2) return;
  const numClasses = output.shape[1]!;
  const t = targets.toTypedArray();
  for (let i = 0; i < t.length; i++) {
    const v = t[i]!;
    if (v !== IGNORE_INDEX && (v < 0 || v >= numClasses)) {
      throw new RangeError(`Target ${v} is out of bounds. (fit: ${name} sample ${i}; the model outputs ${numClasses} classes)`);
    }
  }
}

/** Runs the checks on the loaders fit was given (in-memory datasets only: nothing is loaded). */
export function preflight(probe: Probe, trainLoader: unknown, valLoader: unknown): void {
  checkLoader(probe, trainLoader, 'trainLoader');
  if (valLoader !== undefined) checkLoader(probe, valLoader, 'valLoader');
}
