/**
 * nn.MultiheadAttention with PyTorch's parameters (in_proj_weight, or q/k/v_proj_weight when kdim
 * or vdim differ; in_proj_bias; bias_k/bias_v; out_proj), draw order (out_proj's Linear init,
 * then xavier_uniform_ on the projections, zero biases, xavier_normal_ on bias_k/bias_v) and
 * forward (torch/nn/functional.py's multi_head_attention_forward).
 */
import { Tensor, empty, type DType, type DeviceSpec } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { Linear } from './linear';
import { multiHeadAttentionForward, type MhaWeights } from '../functional/attention';

/** PyTorch's name for MultiheadAttention's output projection (a plain Linear). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** nn.MultiheadAttention's keyword arguments (camelCased). */
export interface MultiheadAttentionOptions {
  /** Dropout probability on the attention weights, in training mode (default 0). */
  dropout?: number;
  /** Add biases to the input and output projections (default true). */
  bias?: boolean;
  /** Learn an extra key and value appended to the sequence (default false). */
  addBiasKv?: boolean;
  /** Append a zero key and value to the sequence (default false). */
  addZeroAttn?: boolean;
  /** Features of the keys (default embedDim). */
  kdim?: number | null;
  /** Features of the values (default embedDim). */
  vdim?: number | null;
  /** Inputs and output are [N, L, E] instead of [L, N, E] (default false). */
  batchFirst?: boolean;
  /** dtype of the parameters (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters (default the default device). */
  device?: DeviceSpec;
}

/** MultiheadAttention.forward's keyword arguments. */
export interface MultiheadAttentionCallOptions {
  /**
   * [N, S] (or [S] unbatched): bool true = ignore that key, or float added to the scores. Default
   * none.
   */
  keyPaddingMask?: Tensor | null;
  /** Also return the attention weights (default true). */
  needWeights?: boolean;
  /** [L, S] or [N * numHeads, L, S]: bool true = not allowed to attend, or float added. Default none. */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads (default true). */
  averageAttnWeights?: boolean;
  /** Hint that attnMask is causal; requires attnMask (default false). */
  isCausal?: boolean;
}

const MHA_KEYS = ['dropout', 'bias', 'addBiasKv', 'addZeroAttn', 'kdim', 'vdim', 'batchFirst', 'dtype', 'device'] as const;
const CALL_KEYS = ['keyPaddingMask', 'needWeights', 'attnMask', 'averageAttnWeights', 'isCausal'] as const;

/**
 * Attention over `numHeads` heads of embedDim / numHeads features each; returns
 * [output, weights] (weights null with needWeights false).
 * @example const mha = new nn.MultiheadAttention(16, 4); const [out, w] = mha(q, k, v);
 */
export class MultiheadAttention extends Module<[Tensor, Tensor, Tensor, (MultiheadAttentionCallOptions | Tensor | null)?], [Tensor, Tensor | null]> {
  /** Model dimension E. */
  readonly embedDim: number;
  /** Number of parallel heads. */
  readonly numHeads: number;
  /** Features per head: embedDim / numHeads. */
  readonly headDim: number;
  /** Dropout probability on the attention weights. */
  readonly dropout: number;
  /** Whether inputs and output are [N, L, E]. */
  readonly batchFirst: boolean;
  /** Features of the keys. */
  readonly kdim: number;
  /** Features of the values. */
  readonly vdim: number;
  /** Whether a zero key and value are appended. */
  readonly addZeroAttn: boolean;
  /** Packed q, k, v projection [3E, E] (null when kdim or vdim differ from E). */
  declare in_proj_weight: Parameter | null;
  /** Query projection [E, E] (only when kdim or vdim differ from E). */
  declare q_proj_weight: Parameter | null;
  /** Key projection [E, kdim] (only when kdim or vdim differ from E). */
  declare k_proj_weight: Parameter | null;
  /** Value projection [E, vdim] (only when kdim or vdim differ from E). */
  declare v_proj_weight: Parameter | null;
  /** q, k, v projection bias [3E] (null without bias). */
  declare in_proj_bias: Parameter | null;
  /** Extra key [1, 1, E] (addBiasKv), or null. */
  declare bias_k: Parameter | null;
  /** Extra value [1, 1, E] (addBiasKv), or null. */
  declare bias_v: Parameter | null;
  /** Output projection: a Linear(E, E). */
  declare out_proj: NonDynamicallyQuantizableLinear;

  constructor(embedDim: number, numHeads: number, dropout: number | MultiheadAttentionOptions = 0, opts: MultiheadAttentionOptions = {}) {
    super();
    const o = typeof dropout === 'object' ? dropout : { ...opts, dropout };
    checkOptions('MultiheadAttention', o, MHA_KEYS);
    if (!(embedDim > 0) || !(numHeads > 0)) {
      throw new Error(`embed_dim and num_heads must be greater than 0, got embed_dim=${embedDim} and num_heads=${numHeads} instead`);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new Error('embed_dim must be divisible by num_heads');
    this.dropout = o.dropout ?? 0;
    this.batchFirst = o.batchFirst ?? false;
    this.kdim = o.kdim ?? embedDim;
    this.vdim = o.vdim ?? embedDim;
    this.addZeroAttn = o.addZeroAttn ?? false;
    const bias = o.bias ?? true;
    const { dtype, device } = o;
    const p = (shape: number[]): Parameter => new Parameter(empty(shape, { dtype, device }));
    const same = this.kdim === embedDim && this.vdim === embedDim;
    this.registerParameter('in_proj_weight', same ? p([3 * embedDim, embedDim]) : null);
    this.registerParameter('q_proj_weight', same ? null : p([embedDim, embedDim]));
    this.registerParameter('k_proj_weight', same ? null : p([embedDim, this.kdim]));
    this.registerParameter('v_proj_weight', same ? null : p([embedDim, this.vdim]));
    this.registerParameter('in_proj_bias', bias ? p([3 * embedDim]) : null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, dtype, device });
    const kv = o.addBiasKv ?? false;
    this.registerParameter('bias_k', kv ? p([1, 1, embedDim]) : null);
    this.registerParameter('bias_v', kv ? p([1, 1, embedDim]) : null);
    this.resetParameters();
  }

  /** PyTorch's _reset_parameters (after out_proj's own Linear init). */
  resetParameters(): void {
    if (this.in_proj_weight !== null) init.xavierUniform_(this.in_proj_weight);
    else {
      init.xavierUniform_(this.q_proj_weight!);
      init.xavierUniform_(this.k_proj_weight!);
      init.xavierUniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      if (this.out_proj.bias !== null) init.constant_(this.out_proj.bias, 0);
    }
    if (this.bias_k !== null) init.xavierNormal_(this.bias_k);
    if (this.bias_v !== null) init.xavierNormal_(this.bias_v);
  }

  private weights(): MhaWeights {
    return {
      embedDim: this.embedDim, numHeads: this.numHeads, inProjWeight: this.in_proj_weight, qProjWeight: this.q_proj_weight,
      kProjWeight: this.k_proj_weight, vProjWeight: this.v_proj_weight, inProjBias: this.in_proj_bias, biasK: this.bias_k,
      biasV: this.bias_v, addZeroAttn: this.addZeroAttn, outProjWeight: this.out_proj.weight, outProjBias: this.out_proj.bias,
    };
  }

  /** forward(query, key, value, {keyPaddingMask, needWeights, attnMask, averageAttnWeights, isCausal}). */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionCallOptions | Tensor | null = {}): [Tensor, Tensor | null] {
    const o: MultiheadAttentionCallOptions = opts instanceof Tensor || opts === null ? { keyPaddingMask: opts } : opts;
    checkOptions('MultiheadAttention.forward', o, CALL_KEYS);
    const batched = query.ndim === 3;
    const toSeqFirst = (t: Tensor): Tensor => (this.batchFirst && batched ? t.transpose(0, 1) : t);
    const [out, w] = multiHeadAttentionForward(toSeqFirst(query), toSeqFirst(key), toSeqFirst(value), this.weights(), {
      ...o, training: this.training, dropoutP: this.dropout,
    });
    return [toSeqFirst(out), w];
  }
}
