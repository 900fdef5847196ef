/**
 * The Transformer stacks of torch.nn (N copies of one layer, as PyTorch's deep copies: the copies
 * start equal and draw no random numbers) and nn.Transformer, whose parameters of more than one
 * dim are re-drawn with xavier_uniform_ after construction, in parameters() order.
 */
import { Tensor, full, type DType } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Module } from '../module';
import * as init from '../init';
import { ModuleList } from '../containers';
import { LayerNorm } from './normalization';
import {
  DECODER_CALL_KEYS, LAYER_KEYS, TransformerDecoderLayer, TransformerEncoderLayer, layerNorm,
  type DecoderLayerCallOptions, type TransformerLayerOptions,
} from './transformer-layer';

export {
  TransformerDecoderLayer, TransformerEncoderLayer,
  type Activation, type DecoderLayerCallOptions, type EncoderLayerCallOptions, type TransformerLayerOptions,
} from './transformer-layer';

/**
 * numLayers copies of an encoder layer, then an optional norm.
 * @example const enc = new nn.TransformerEncoder(layer, 6); const y = enc(x, { mask });
 */
export class TransformerEncoder extends Module<[Tensor, {
  /** Attention mask for the sequence, [S, S] (see TransformerEncoderLayer). */
  mask?: Tensor | null;
  /** [N, S] bool, true = padding to ignore. */
  srcKeyPaddingMask?: Tensor | null;
  /** Hint that mask is causal. */
  isCausal?: boolean;
}?]> {
  /** numLayers copies of the encoder layer. */
  declare layers: ModuleList<TransformerEncoderLayer>;
  /** The final norm, or null. */
  declare norm: LayerNorm | null;
  /** Number of layers. */
  readonly numLayers: number;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, norm: LayerNorm | null = null) {
    super();
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.copy()));
    this.numLayers = numLayers;
    this.registerModule('norm', norm);
  }

  forward(src: Tensor, opts: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean } = {}): Tensor {
    checkOptions('TransformerEncoder.forward', opts, ['mask', 'srcKeyPaddingMask', 'isCausal']);
    let x = src;
    for (const layer of this.layers) {
      x = layer(x, { srcMask: opts.mask ?? null, srcKeyPaddingMask: opts.srcKeyPaddingMask ?? null, isCausal: opts.isCausal ?? false });
    }
    return this.norm === null ? x : this.norm(x);
  }
}

/**
 * numLayers copies of a decoder layer, then an optional norm.
 * @example const dec = new nn.TransformerDecoder(layer, 6); const y = dec(tgt, memory, { tgtMask });
 */
export class TransformerDecoder extends Module<[Tensor, Tensor, DecoderLayerCallOptions?]> {
  /** numLayers copies of the decoder layer. */
  declare layers: ModuleList<TransformerDecoderLayer>;
  /** The final norm, or null. */
  declare norm: LayerNorm | null;
  /** Number of layers. */
  readonly numLayers: number;

  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, norm: LayerNorm | null = null) {
    super();
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.copy()));
    this.numLayers = numLayers;
    this.registerModule('norm', norm);
  }

  forward(tgt: Tensor, memory: Tensor, opts: DecoderLayerCallOptions = {}): Tensor {
    checkOptions('TransformerDecoder.forward', opts, DECODER_CALL_KEYS);
    let x = tgt;
    for (const layer of this.layers) x = layer(x, memory, opts);
    return this.norm === null ? x : this.norm(x);
  }
}

/** nn.Transformer's keyword arguments (camelCased). */
export interface TransformerOptions extends TransformerLayerOptions {
  /** Model dimension E (default 512). */
  dModel?: number;
  /** Attention heads (default 8). */
  nhead?: number;
  /** Encoder layers (default 6). */
  numEncoderLayers?: number;
  /** Decoder layers (default 6). */
  numDecoderLayers?: number;
}

/** Transformer.forward's keyword arguments. */
export interface TransformerCallOptions {
  /** Encoder self-attention mask [S, S]. */
  srcMask?: Tensor | null;
  /** Decoder self-attention mask [T, T] (generateSquareSubsequentMask(T) for causal decoding). */
  tgtMask?: Tensor | null;
  /** Decoder attention mask over the memory [T, S]. */
  memoryMask?: Tensor | null;
  /** [N, S] bool, true = source padding to ignore. */
  srcKeyPaddingMask?: Tensor | null;
  /** [N, T] bool, true = target padding to ignore. */
  tgtKeyPaddingMask?: Tensor | null;
  /** [N, S] bool, true = memory padding to ignore. */
  memoryKeyPaddingMask?: Tensor | null;
  /** Hint that srcMask is causal. */
  srcIsCausal?: boolean;
  /** Hint that tgtMask is causal. */
  tgtIsCausal?: boolean;
  /** Hint that memoryMask is causal. */
  memoryIsCausal?: boolean;
}

/**
 * The encoder-decoder Transformer of "Attention Is All You Need".
 * @example const model = new nn.Transformer({ dModel: 64, nhead: 4 }); const y = model(src, tgt, { tgtMask });
 */
export class Transformer extends Module<[Tensor, Tensor, TransformerCallOptions?]> {
  /** The encoder stack (with its final LayerNorm). */
  declare encoder: TransformerEncoder;
  /** The decoder stack (with its final LayerNorm). */
  declare decoder: TransformerDecoder;
  /** Model dimension E. */
  readonly dModel: number;
  /** Attention heads. */
  readonly nhead: number;
  /** Whether src and tgt are [N, S, E]. */
  readonly batchFirst: boolean;

  constructor(opts: TransformerOptions = {}) {
    super();
    checkOptions('Transformer', opts, ['dModel', 'nhead', 'numEncoderLayers', 'numDecoderLayers', ...LAYER_KEYS]);
    const { dModel = 512, nhead = 8, numEncoderLayers = 6, numDecoderLayers = 6, ...layer } = opts;
    this.dModel = dModel;
    this.nhead = nhead;
    this.batchFirst = layer.batchFirst ?? false;
    const eps = layer.layerNormEps ?? 1e-5, bias = layer.bias ?? true;
    this.encoder = new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, layer), numEncoderLayers, layerNorm(dModel, eps, bias, layer.dtype, layer.device));
    this.decoder = new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, layer), numDecoderLayers, layerNorm(dModel, eps, bias, layer.dtype, layer.device));
    for (const p of this.parameters()) if (p.ndim > 1) init.xavierUniform_(p);
  }

  /** A float mask of -inf above the diagonal, 0 elsewhere: position i attends to 0..i. */
  static generateSquareSubsequentMask(sz: number, opts: { dtype?: DType } = {}): Tensor {
    return full([sz, sz], -Infinity, { dtype: opts.dtype }).triu(1);
  }

  forward(src: Tensor, tgt: Tensor, opts: TransformerCallOptions = {}): Tensor {
    checkOptions('Transformer.forward', opts, ['srcMask', 'tgtMask', 'memoryMask', 'srcKeyPaddingMask', 'tgtKeyPaddingMask',
      'memoryKeyPaddingMask', 'srcIsCausal', 'tgtIsCausal', 'memoryIsCausal']);
    const batched = src.ndim === 3;
    const bdim = this.batchFirst ? 0 : 1;
    if (batched && src.shape[bdim] !== tgt.shape[bdim]) throw new Error('the batch number of src and tgt must be equal');
    if (!batched && tgt.ndim === 3) throw new Error('the batch number of src and tgt must be equal');
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel) {
      throw new Error('the feature number of src and tgt must be equal to d_model');
    }
    const memory = this.encoder(src, { mask: opts.srcMask ?? null, srcKeyPaddingMask: opts.srcKeyPaddingMask ?? null, isCausal: opts.srcIsCausal ?? false });
    return this.decoder(tgt, memory, {
      tgtMask: opts.tgtMask ?? null, memoryMask: opts.memoryMask ?? null, tgtKeyPaddingMask: opts.tgtKeyPaddingMask ?? null,
      memoryKeyPaddingMask: opts.memoryKeyPaddingMask ?? null, tgtIsCausal: opts.tgtIsCausal ?? false, memoryIsCausal: opts.memoryIsCausal ?? false,
    });
  }
}
