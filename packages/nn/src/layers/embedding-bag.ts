/** EmbeddingBag: sums, means or maxima of bags of embeddings (weight drawn as PyTorch's normal_). */
import { empty, noGrad, type Tensor } from '@torchlet/core';
import { bindOptions, type PyArgs } from '@torchlet/core/internal';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyFloat } from '../repr';
import type { EmbeddingOptions } from './conv';

/** Embedding's options plus how rows are bagged. */
export interface EmbeddingBagLayerOptions extends EmbeddingOptions {
  /** How a bag is reduced: 'sum', 'mean' (default) or 'max'. */
  mode?: F.EmbeddingBagMode;
  /** offsets has one more entry: the end of the last bag (default false). */
  includeLastOffset?: boolean;
}

/**
 * Bags of rows of a [numEmbeddings, embeddingDim] table, reduced by `mode` ('mean' by default).
 * @example const bag = new nn.EmbeddingBag(10, 3, { mode: 'sum' }); bag(tensor([1, 2, 4, 5]), tensor([0, 2]))
 */
export class EmbeddingBag extends Module<[Tensor, (Tensor | null)?, (Tensor | null)?]> {
  /** How a bag is reduced: 'sum', 'mean' or 'max'. */
  readonly mode: F.EmbeddingBagMode;
  /** Whether offsets includes the end of the last bag. */
  readonly includeLastOffset: boolean;
  /** Entries equal to this index belong to no bag (made non-negative), or null. */
  readonly paddingIdx: number | null;
  /** Rows looked up with a larger norm are renormalised in place, or null. */
  readonly maxNorm: number | null;
  /** The p of the maxNorm norm. */
  readonly normType: number;
  /** Scale gradients by the inverse frequency of the words in the mini-batch. */
  readonly scaleGradByFreq: boolean;
  /** Sparse gradients: not supported (forward throws when true). */
  readonly sparse: boolean;
  /** The table [numEmbeddings, embeddingDim], initialised N(0, 1). */
  declare weight: Parameter;

  /**
   * PyTorch's order: (num_embeddings, embedding_dim, max_norm, norm_type, scale_grad_by_freq, mode, sparse, _weight, include_last_offset, padding_idx, device, dtype); `_weight` is not taken.
   * @param numEmbeddings - Size of the dictionary.
   * @param embeddingDim - Size of each embedding vector.
   */
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, ...args: PyArgs<[
    maxNorm: number | null, normType: number, scaleGradByFreq: boolean, mode: EmbeddingBagLayerOptions['mode'],
  ], EmbeddingBagLayerOptions>) {
    super();
    const opts = bindOptions<EmbeddingBagLayerOptions>('EmbeddingBag',
      ['maxNorm', 'normType', 'scaleGradByFreq', 'mode', 'sparse', 'includeLastOffset', 'paddingIdx', 'device', 'dtype'], args);
    let p = opts.paddingIdx ?? null;
    if (p !== null) {
      if (p >= numEmbeddings || p < -numEmbeddings) throw new Error('AssertionError: padding_idx must be within num_embeddings');
      if (p < 0) p += numEmbeddings;
    }
    this.paddingIdx = p;
    this.mode = opts.mode ?? 'mean';
    this.includeLastOffset = opts.includeLastOffset ?? false;
    this.maxNorm = opts.maxNorm ?? null;
    this.normType = opts.normType ?? 2;
    this.scaleGradByFreq = opts.scaleGradByFreq ?? false;
    this.sparse = opts.sparse ?? false;
    this.registerParameter('weight', new Parameter(empty([numEmbeddings, embeddingDim], { dtype: opts.dtype, device: opts.device })));
    this.resetParameters();
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row. */
  resetParameters(): void {
    init.normal_(this.weight);
    const p = this.paddingIdx;
    if (p !== null) noGrad(() => this.weight.select(0, p).fill_(0));
  }

  forward(input: Tensor, offsets: Tensor | null = null, perSampleWeights: Tensor | null = null): Tensor {
    return F.embeddingBag(input, this.weight, offsets, {
      mode: this.mode, perSampleWeights, includeLastOffset: this.includeLastOffset, paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm, normType: this.normType, scaleGradByFreq: this.scaleGradByFreq, sparse: this.sparse,
    });
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ', scale_grad_by_freq=True';
    s += `, mode=${this.mode}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}
