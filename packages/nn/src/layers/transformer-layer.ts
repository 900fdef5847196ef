/**
 * The Transformer's encoder and decoder layers (PyTorch 2.x options: normFirst, bias, isCausal
 * hints); the stacks and nn.Transformer are in transformer.ts.
 */
import { Tensor, getRngState, setRngState, type DType, type DeviceSpec } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Module, type AnyModule } from '../module';
import * as F from '../functional/index';
import { Dropout } from './activation';
import { Linear } from './linear';
import { LayerNorm } from './normalization';
import { MultiheadAttention } from './attention';

/** The feed-forward activation: 'relu', 'gelu' or any unary function. */
export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

/** TransformerEncoderLayer / TransformerDecoderLayer's keyword arguments (camelCased). */
export interface TransformerLayerOptions {
  /** Hidden size of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout probability (default 0.1). */
  dropout?: number;
  /** 'relu' (default), 'gelu' or a function. */
  activation?: Activation;
  /** The LayerNorms' eps (default 1e-5). */
  layerNormEps?: number;
  /** Inputs and outputs are [N, S, E] instead of [S, N, E] (default false). */
  batchFirst?: boolean;
  /** LayerNorm before each sublayer instead of after (default false). */
  normFirst?: boolean;
  /** Biases in the Linear and LayerNorm layers (default true). */
  bias?: boolean;
  /** dtype of the parameters (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters (default the default device). */
  device?: DeviceSpec;
}
export const LAYER_KEYS = ['dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'dtype', 'device'] as const;

function activationFn(a: Activation): (x: Tensor) => Tensor {
  if (typeof a === 'function') return a;
  if (a === 'relu') return (x) => F.relu(x);
  if (a === 'gelu') return (x) => F.gelu(x);
  throw new Error(`activation should be relu/gelu, not ${String(a)}`);
}

/** Positional (dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias) or an options object. */
function layerOptions(cls: string, args: readonly unknown[]): TransformerLayerOptions {
  const last = args[args.length - 1];
  const hasOpts = typeof last === 'object' && last !== null;
  const o: Record<string, unknown> = hasOpts ? { ...(last as Record<string, unknown>) } : {};
  checkOptions(cls, o, LAYER_KEYS);
  (hasOpts ? args.slice(0, -1) : args).forEach((v, i) => {
    const name = LAYER_KEYS[i];
    if (name === undefined) throw new TypeError(`${cls}() takes at most 9 positional arguments`);
    if (name in o) throw new TypeError(`${cls}() got multiple values for argument '${name}'`);
    o[name] = v;
  });
  return o;
}

export function layerNorm(dModel: number, eps: number, bias: boolean, dtype?: DType, device?: DeviceSpec): LayerNorm {
  return new LayerNorm(dModel, { eps, bias, dtype, device });
}

/** A copy of a layer with equal weights, made without touching the random generator. */
function copyLayer<M extends AnyModule>(layer: M, make: () => M): M {
  const state = getRngState();
  let copy: M;
  try {
    copy = make();
  } finally {
    setRngState(state);
  }
  copy.loadStateDict(layer.stateDict());
  copy.train(layer.training);
  return copy;
}

interface SharedLayerParts {
  dModel: number; nhead: number; o: Required<Omit<TransformerLayerOptions, 'dtype' | 'device' | 'activation'>> & { dtype?: DType; device?: DeviceSpec; activation: Activation };
}

function shared(dModel: number, nhead: number, o: TransformerLayerOptions): SharedLayerParts {
  return {
    dModel, nhead, o: {
      dimFeedforward: o.dimFeedforward ?? 2048, dropout: o.dropout ?? 0.1, activation: o.activation ?? 'relu',
      layerNormEps: o.layerNormEps ?? 1e-5, batchFirst: o.batchFirst ?? false, normFirst: o.normFirst ?? false,
      bias: o.bias ?? true, dtype: o.dtype, device: o.device,
    },
  };
}

/** The attention sublayer's output (no weights): query x over key = value = kv. */
function attend(attn: MultiheadAttention, x: Tensor, kv: Tensor, mask: Tensor | null | undefined, kpm: Tensor | null | undefined, isCausal: boolean | undefined): Tensor {
  return attn(x, kv, kv, { attnMask: mask ?? null, keyPaddingMask: kpm ?? null, needWeights: false, isCausal: isCausal ?? false })[0];
}

/** The feed-forward sublayer before its last dropout: linear2(dropout(act(linear1(x)))). */
function feedForward(l: { linear1: Linear; dropout: Dropout; linear2: Linear }, act: (x: Tensor) => Tensor, x: Tensor): Tensor {
  return l.linear2(l.dropout(act(l.linear1(x))));
}

/** TransformerEncoderLayer.forward's keyword arguments. */
export interface EncoderLayerCallOptions {
  /** Attention mask [S, S] or [N * nhead, S, S] (see MultiheadAttention's attnMask). */
  srcMask?: Tensor | null;
  /** [N, S] bool, true = padding to ignore. */
  srcKeyPaddingMask?: Tensor | null;
  /** Hint that srcMask is causal. */
  isCausal?: boolean;
}

/**
 * Self-attention then a feed-forward block, each with dropout and a residual connection, LayerNorm
 * after (or before, normFirst) each.
 * @example const layer = new nn.TransformerEncoderLayer(512, 8, { batchFirst: true }); const y = layer(x);
 */
export class TransformerEncoderLayer extends Module<[Tensor, (EncoderLayerCallOptions | Tensor | null)?]> {
  /** The self-attention block. */
  declare self_attn: MultiheadAttention;
  /** Feed-forward: dModel to dimFeedforward. */
  declare linear1: Linear;
  /** Dropout inside the feed-forward block. */
  declare dropout: Dropout;
  /** Feed-forward: dimFeedforward back to dModel. */
  declare linear2: Linear;
  /** LayerNorm of the self-attention block. */
  declare norm1: LayerNorm;
  /** LayerNorm of the feed-forward block. */
  declare norm2: LayerNorm;
  /** Dropout on the self-attention output. */
  declare dropout1: Dropout;
  /** Dropout on the feed-forward output. */
  declare dropout2: Dropout;
  /** LayerNorm before each sublayer (pre-norm) instead of after. */
  readonly normFirst: boolean;
  private readonly parts: SharedLayerParts;
  private readonly act: (x: Tensor) => Tensor;

  constructor(dModel: number, nhead: number, ...args: (number | string | boolean | ((x: Tensor) => Tensor) | TransformerLayerOptions)[]) {
    super();
    this.parts = shared(dModel, nhead, layerOptions('TransformerEncoderLayer', args));
    const o = this.parts.o;
    this.act = activationFn(o.activation);
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, bias: o.bias, batchFirst: o.batchFirst, dtype: o.dtype, device: o.device });
    this.linear1 = new Linear(dModel, o.dimFeedforward, { bias: o.bias, dtype: o.dtype, device: o.device });
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel, { bias: o.bias, dtype: o.dtype, device: o.device });
    this.normFirst = o.normFirst;
    this.norm1 = layerNorm(dModel, o.layerNormEps, o.bias, o.dtype, o.device);
    this.norm2 = layerNorm(dModel, o.layerNormEps, o.bias, o.dtype, o.device);
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
  }

  /** An equal copy (PyTorch's copy.deepcopy in TransformerEncoder). */
  copy(): TransformerEncoderLayer {
    return copyLayer(this, () => new TransformerEncoderLayer(this.parts.dModel, this.parts.nhead, { ...this.parts.o }));
  }

  forward(src: Tensor, opts: EncoderLayerCallOptions | Tensor | null = {}): Tensor {
    const o: EncoderLayerCallOptions = opts instanceof Tensor || opts === null ? { srcMask: opts } : opts;
    checkOptions('TransformerEncoderLayer.forward', o, ['srcMask', 'srcKeyPaddingMask', 'isCausal']);
    const sa = (x: Tensor): Tensor => this.dropout1(attend(this.self_attn, x, x, o.srcMask, o.srcKeyPaddingMask, o.isCausal));
    const ff = (x: Tensor): Tensor => this.dropout2(feedForward(this, this.act, x));
    let x = src;
    if (this.normFirst) {
      x = x.add(sa(this.norm1(x)));
      return x.add(ff(this.norm2(x)));
    }
    x = this.norm1(x.add(sa(x)));
    return this.norm2(x.add(ff(x)));
  }
}

/** TransformerDecoderLayer / TransformerDecoder.forward's keyword arguments. */
export interface DecoderLayerCallOptions {
  /** Self-attention mask [T, T] (e.g. Transformer.generateSquareSubsequentMask(T)). */
  tgtMask?: Tensor | null;
  /** Attention mask over the memory [T, S]. */
  memoryMask?: Tensor | null;
  /** [N, T] bool, true = padding to ignore. */
  tgtKeyPaddingMask?: Tensor | null;
  /** [N, S] bool, true = memory padding to ignore. */
  memoryKeyPaddingMask?: Tensor | null;
  /** Hint that tgtMask is causal. */
  tgtIsCausal?: boolean;
  /** Hint that memoryMask is causal. */
  memoryIsCausal?: boolean;
}
export const DECODER_CALL_KEYS = ['tgtMask', 'memoryMask', 'tgtKeyPaddingMask', 'memoryKeyPaddingMask', 'tgtIsCausal', 'memoryIsCausal'] as const;

/**
 * Self-attention, attention over the encoder's memory, then feed-forward, each with dropout,
 * residual and LayerNorm.
 * @example const layer = new nn.TransformerDecoderLayer(512, 8); const y = layer(tgt, memory);
 */
export class TransformerDecoderLayer extends Module<[Tensor, Tensor, DecoderLayerCallOptions?]> {
  /** The self-attention block. */
  declare self_attn: MultiheadAttention;
  /** Attention over the encoder's memory. */
  declare multihead_attn: MultiheadAttention;
  /** Feed-forward: dModel to dimFeedforward. */
  declare linear1: Linear;
  /** Dropout inside the feed-forward block. */
  declare dropout: Dropout;
  /** Feed-forward: dimFeedforward back to dModel. */
  declare linear2: Linear;
  /** LayerNorm of the self-attention block. */
  declare norm1: LayerNorm;
  /** LayerNorm of the memory-attention block. */
  declare norm2: LayerNorm;
  /** LayerNorm of the feed-forward block. */
  declare norm3: LayerNorm;
  /** Dropout on the self-attention output. */
  declare dropout1: Dropout;
  /** Dropout on the memory-attention output. */
  declare dropout2: Dropout;
  /** Dropout on the feed-forward output. */
  declare dropout3: Dropout;
  /** LayerNorm before each sublayer (pre-norm) instead of after. */
  readonly normFirst: boolean;
  private readonly parts: SharedLayerParts;
  private readonly act: (x: Tensor) => Tensor;

  constructor(dModel: number, nhead: number, ...args: (number | string | boolean | ((x: Tensor) => Tensor) | TransformerLayerOptions)[]) {
    super();
    this.parts = shared(dModel, nhead, layerOptions('TransformerDecoderLayer', args));
    const o = this.parts.o;
    this.act = activationFn(o.activation);
    const mha = (): MultiheadAttention => new MultiheadAttention(dModel, nhead, { dropout: o.dropout, bias: o.bias, batchFirst: o.batchFirst, dtype: o.dtype, device: o.device });
    this.self_attn = mha();
    this.multihead_attn = mha();
    this.linear1 = new Linear(dModel, o.dimFeedforward, { bias: o.bias, dtype: o.dtype, device: o.device });
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel, { bias: o.bias, dtype: o.dtype, device: o.device });
    this.normFirst = o.normFirst;
    this.norm1 = layerNorm(dModel, o.layerNormEps, o.bias, o.dtype, o.device);
    this.norm2 = layerNorm(dModel, o.layerNormEps, o.bias, o.dtype, o.device);
    this.norm3 = layerNorm(dModel, o.layerNormEps, o.bias, o.dtype, o.device);
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.dropout3 = new Dropout(o.dropout);
  }

  /** An equal copy (PyTorch's copy.deepcopy in TransformerDecoder). */
  copy(): TransformerDecoderLayer {
    return copyLayer(this, () => new TransformerDecoderLayer(this.parts.dModel, this.parts.nhead, { ...this.parts.o }));
  }

  forward(tgt: Tensor, memory: Tensor, opts: DecoderLayerCallOptions = {}): Tensor {
    checkOptions('TransformerDecoderLayer.forward', opts, DECODER_CALL_KEYS);
    const sa = (x: Tensor): Tensor => this.dropout1(attend(this.self_attn, x, x, opts.tgtMask, opts.tgtKeyPaddingMask, opts.tgtIsCausal));
    const mha = (x: Tensor): Tensor => this.dropout2(attend(this.multihead_attn, x, memory, opts.memoryMask, opts.memoryKeyPaddingMask, opts.memoryIsCausal));
    const ff = (x: Tensor): Tensor => this.dropout3(feedForward(this, this.act, x));
    let x = tgt;
    if (this.normFirst) {
      x = x.add(sa(this.norm1(x)));
      x = x.add(mha(this.norm2(x)));
      return x.add(ff(this.norm3(x)));
    }
    x = this.norm1(x.add(sa(x)));
    x = this.norm2(x.add(mha(x)));
    return this.norm3(x.add(ff(x)));
  }
}
