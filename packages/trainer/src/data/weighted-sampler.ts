/** torch.utils.data.WeightedRandomSampler: indices drawn by torch.multinomial, as PyTorch draws them. */
import { Tensor, defaultGenerator, multinomial, tensor, type Generator, type NestedArray } from '@torchlet/core';
import { checkOptions, pyTuple, randomKernels } from '@torchlet/core/internal';
import type { Sampler } from './sampler';

/** WeightedRandomSampler's options (PyTorch's keyword arguments, camelCased). */
export interface WeightedRandomSamplerOptions {
  /** Draw with replacement (default true, as PyTorch). */
  replacement?: boolean;
  /** Generator for the draws; default the global generator. */
  generator?: Generator;
}

/** `torch.as_tensor(weights, dtype=torch.double)`: nested arrays keep their shape (for PyTorch's 1-D check). */
function toWeights(weights: Tensor | NestedArray | ArrayLike<number>): Tensor {
  if (weights instanceof Tensor) return weights.detach().to('float64');
  if (typeof weights === 'number' || typeof weights === 'boolean' || Array.isArray(weights)) return tensor(weights, { dtype: 'float64' });
  return tensor(Float64Array.from(weights), { dtype: 'float64' });
}

/**
 * Samples `numSamples` indices of `[0, weights.length)` with probability proportional to the
 * weights: each epoch is one `torch.multinomial(weights, numSamples, replacement, generator)`
 * over the weights as float64 (PyTorch's `torch.as_tensor(weights, dtype=torch.double)`), so a
 * seeded run draws PyTorch's indices. Pass it as a DataLoader's `sampler`.
 * @example
 * // WeightedRandomSampler(class_weights[labels], len(labels))
 * const sampler = new WeightedRandomSampler(sampleWeights, labels.length);
 * const loader = new DataLoader(ds, { batchSize: 32, sampler });
 * // WeightedRandomSampler(w, 5, replacement=False) is new WeightedRandomSampler(w, 5, false)
 */
export class WeightedRandomSampler implements Sampler {
  /** The weights as a 1-D float64 tensor. */
  readonly weights: Tensor;
  /** Indices drawn per epoch. */
  readonly numSamples: number;
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  /** The generator given, if any (else the default one). */
  readonly generator: Generator | undefined;

  constructor(weights: Tensor | NestedArray | ArrayLike<number>, numSamples: number,
    replacement: boolean | WeightedRandomSamplerOptions = true, opts: WeightedRandomSamplerOptions = {}) {
    const o = typeof replacement === 'object' && replacement !== null ? replacement : { ...opts, replacement };
    checkOptions('WeightedRandomSampler', o, ['replacement', 'generator']);
    const rep: unknown = o.replacement ?? true;
    if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples <= 0) {
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${String(numSamples)}`);
    }
    if (typeof rep !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${String(rep)}`);
    const w = toWeights(weights);
    if (w.ndim !== 1) throw new RangeError(`weights should be a 1d sequence but given weights have shape ${pyTuple(w.shape)}`);
    this.weights = w;
    this.numSamples = numSamples;
    this.replacement = rep;
    this.generator = o.generator === undefined ? undefined : randomKernels.generatorOption(o.generator, defaultGenerator, 'WeightedRandomSampler');
  }

  /** Indices per epoch (numSamples). */
  get length(): number {
    return this.numSamples;
  }

  /** One epoch: a `multinomial` draw of numSamples indices. */
  *[Symbol.iterator](): Iterator<number> {
    // The draw happens at the first next(), as in PyTorch's generator function.
    const drawn = multinomial(this.weights, this.numSamples, { replacement: this.replacement, generator: this.generator ?? defaultGenerator });
    yield* Array.from(drawn.toTypedArray(), Number);
  }
}
