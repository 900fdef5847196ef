/** Conv1d/2d/3d (and _ConvNd, shared with ConvTranspose) and Embedding: layers whose weights PyTorch initialises with draws. */
import { Tensor, empty, noGrad, type DType, type DeviceSpec } from '@torchlet/core';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyTuple } from '../repr';
import { bindOptions, boolArg, checkOptions, floatArg, intArgOf, pyFloat, type PyArgs } from '@torchlet/core/internal';

/** How Conv layers pad: 'zeros' (the default), 'reflect', 'replicate' or 'circular'. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
const PADDING_MODES: readonly string[] = ['zeros', 'reflect', 'replicate', 'circular'];

/** Conv1d/2d/3d's keyword arguments (PyTorch's names, camelCased). */
export interface ConvLayerOptions {
  /** Stride of the convolution, one number or one per spatial dim (default 1). */
  stride?: number | readonly number[];
  /**
   * Padding on both sides, or 'valid' (none) or 'same' (output as large as the input; stride 1 only).
   * Default 0.
   */
  padding?: number | readonly number[] | 'same' | 'valid';
  /** Spacing between kernel elements (default 1). */
  dilation?: number | readonly number[];
  /** Blocked connections from input to output channels; both must be divisible by it (default 1). */
  groups?: number;
  /** Add a learnable bias (default true). */
  bias?: boolean;
  /** 'zeros' (default), 'reflect', 'replicate' or 'circular'. */
  paddingMode?: PaddingMode;
  /** dtype of the parameters (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters (default the default device). */
  device?: DeviceSpec;
}
/** PyTorch's order after the kernel size: Conv2d(in, out, kernel_size, stride, padding, dilation, groups, bias, padding_mode, device, dtype). */
const CONV_KEYS: (keyof ConvLayerOptions)[] = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'];
/** The trailing arguments of Conv1d/2d/3d: a prefix of PyTorch's positionals, then the options object. */
export type ConvLayerArgs = PyArgs<[
  stride: number | readonly number[], padding: number | readonly number[] | 'same' | 'valid', dilation: number | readonly number[],
  groups: number, bias: boolean, paddingMode: PaddingMode,
], ConvLayerOptions>;

function tuple(v: number | readonly number[], n: number): number[] {
  return typeof v === 'number' ? new Array<number>(n).fill(v) : v.length === 1 ? new Array<number>(n).fill(v[0]!) : v.slice();
}

/** What _ConvNd takes beyond the public options (ConvTranspose's flag and output padding). */
export interface ConvNdSetup {
  dims: number;
  transposed: boolean;
  outputPadding: readonly number[];
}

/** Shared by Conv1d/2d/3d and ConvTranspose1d/2d/3d (PyTorch's _ConvNd). */
export abstract class ConvNd extends Module {
  /** Kernel size per spatial dim. */
  readonly kernelSize: readonly number[];
  /** Stride per spatial dim. */
  readonly stride: readonly number[];
  /** Padding per spatial dim, or 'same' / 'valid'. */
  readonly padding: readonly number[] | 'same' | 'valid';
  /** Dilation per spatial dim. */
  readonly dilation: readonly number[];
  /** Extra output size per spatial dim (transposed convolutions; zeros otherwise). */
  readonly outputPadding: readonly number[];
  /** True for ConvTranspose layers. */
  readonly transposed: boolean;
  /** Number of blocked connections from input to output channels. */
  readonly groups: number;
  /** How the input is padded. */
  readonly paddingMode: PaddingMode;
  /** F.pad's [left, right, ...] from the last dim back, for the non-zero padding modes. */
  protected readonly reversedPaddingRepeatedTwice: readonly number[];
  /** The kernels: [C_out, C_in / groups, ...kernelSize] ([C_in, C_out / groups, ...] when transposed). */
  declare weight: Parameter;
  /** The bias [C_out], or null without bias. */
  declare bias: Parameter | null;

  /**
   * @param inChannels - Channels of the input, C_in.
   * @param outChannels - Channels produced, C_out.
   */
  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: number | readonly number[], setup: ConvNdSetup, opts: ConvLayerOptions) {
    super();
    const dims = setup.dims;
    const groups = intArgOf(this.constructor.name, 'groups', opts.groups, 1);
    if (groups <= 0) throw new Error('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new Error('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new Error('out_channels must be divisible by groups');
    this.kernelSize = tuple(kernelSize, dims);
    this.stride = tuple(opts.stride ?? 1, dims);
    this.dilation = tuple(opts.dilation ?? 1, dims);
    const pad = opts.padding ?? 0;
    if (typeof pad === 'string') {
      if (pad !== 'same' && pad !== 'valid') throw new Error(`Invalid padding string '${String(pad)}', should be one of {'valid', 'same'}`);
      if (pad === 'same' && this.stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
      this.padding = pad;
    } else {
      this.padding = tuple(pad, dims);
    }
    const mode = opts.paddingMode ?? 'zeros';
    if (!PADDING_MODES.includes(mode)) {
      throw new Error(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${String(mode)}'`);
    }
    this.paddingMode = mode;
    this.groups = groups;
    this.transposed = setup.transposed;
    this.outputPadding = setup.outputPadding.slice();
    this.reversedPaddingRepeatedTwice = reversedPadding(this.padding, this.kernelSize, this.dilation);
    const { dtype, device } = opts;
    const shape = setup.transposed ? [inChannels, outChannels / groups] : [outChannels, inChannels / groups];
    this.registerParameter('weight', new Parameter(empty([...shape, ...this.kernelSize], { dtype, device })));
    this.registerParameter('bias', boolArg(this.constructor.name, 'bias', opts.bias, true) ? new Parameter(empty([outChannels], { dtype, device })) : null);
    this.resetParameters();
  }

  /**
   * Re-draws weight with kaimingUniform_(a = sqrt(5)) and bias from U(-1/sqrt(fanIn), 1/sqrt(fanIn)),
   * as PyTorch does.
   */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  /** Input after a non-zero padding mode, and the padding left for the convolution itself. */
  protected prepare(input: Tensor): [Tensor, number[] | 'same' | 'valid'] {
    if (this.paddingMode === 'zeros') return [input, typeof this.padding === 'string' ? this.padding : this.padding.slice()];
    return [F.pad(input, this.reversedPaddingRepeatedTwice, this.paddingMode), this.kernelSize.map(() => 0)];
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((p) => p !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/** PyTorch's _reversed_padding_repeated_twice; 'same' splits dilation * (k - 1) with the extra on the right. */
function reversedPadding(padding: readonly number[] | 'same' | 'valid', kernel: readonly number[], dilation: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = kernel.length - 1; i >= 0; i--) {
    if (padding === 'valid') out.push(0, 0);
    else if (padding === 'same') {
      const total = dilation[i]! * (kernel[i]! - 1), left = Math.floor(total / 2);
      out.push(left, total - left);
    } else out.push(padding[i]!, padding[i]!);
  }
  return out;
}

/**
 * 1-D convolution over [N, C, L] (or [C, L]).
 * @example new nn.Conv1d(3, 8, 5, { padding: 'same' })
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], ...args: ConvLayerArgs) {
    const opts = bindOptions<ConvLayerOptions>('Conv1d.__init__', CONV_KEYS, args, 3);
    super(inChannels, outChannels, kernelSize, { dims: 1, transposed: false, outputPadding: [0] }, opts);
  }

  forward(input: Tensor): Tensor {
    const [x, padding] = this.prepare(input);
    return F.conv1d(x, this.weight, this.bias, { stride: this.stride, padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * 2-D convolution over [N, C, H, W] (or [C, H, W]).
 * @example new nn.Conv2d(2, 4, 3, { stride: 2, padding: 1 }); new nn.Conv2d(2, 4, 3, 2, 1) // the same
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], ...args: ConvLayerArgs) {
    const opts = bindOptions<ConvLayerOptions>('Conv2d.__init__', CONV_KEYS, args, 3);
    super(inChannels, outChannels, kernelSize, { dims: 2, transposed: false, outputPadding: [0, 0] }, opts);
  }

  forward(input: Tensor): Tensor {
    const [x, padding] = this.prepare(input);
    return F.conv2d(x, this.weight, this.bias, { stride: this.stride, padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * 3-D convolution over [N, C, D, H, W] (or [C, D, H, W]).
 * @example new nn.Conv3d(2, 4, [1, 3, 3], { padding: [0, 1, 1], paddingMode: 'replicate' })
 */
export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], ...args: ConvLayerArgs) {
    const opts = bindOptions<ConvLayerOptions>('Conv3d.__init__', CONV_KEYS, args, 3);
    super(inChannels, outChannels, kernelSize, { dims: 3, transposed: false, outputPadding: [0, 0, 0] }, opts);
  }

  forward(input: Tensor): Tensor {
    const [x, padding] = this.prepare(input);
    return F.conv3d(x, this.weight, this.bias, { stride: this.stride, padding, dilation: this.dilation, groups: this.groups });
  }
}

/** nn.Embedding's keyword arguments (camelCased). */
export interface EmbeddingOptions {
  /** This row is zero-initialised and receives no gradient. */
  paddingIdx?: number | null;
  /** Rows looked up whose normType-norm exceeds this are renormalised in place at each forward. */
  maxNorm?: number | null;
  /** The p of the maxNorm norm (default 2). */
  normType?: number;
  /** Not supported: true throws. */
  scaleGradByFreq?: boolean;
  /** Sparse gradients: not supported (true throws). */
  sparse?: boolean;
  /** dtype of the weight (default the default dtype). */
  dtype?: DType;
  /** A ready weight [numEmbeddings, embeddingDim] to hold instead of drawing one (PyTorch's `_weight`): nothing is drawn from the generator. */
  _weight?: Tensor | null;
  /** Device of the weight (default the default device). */
  device?: DeviceSpec;
}
/** PyTorch's order: Embedding(num_embeddings, embedding_dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, _weight, _freeze, device, dtype). */
const EMBEDDING_KEYS: (keyof EmbeddingOptions)[] = ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse', '_weight', 'device', 'dtype'];

/** Options of `Embedding.fromPretrained`: Embedding's own, plus whether the table is frozen. */
export interface FromPretrainedOptions extends Pick<EmbeddingOptions, 'paddingIdx' | 'maxNorm' | 'normType' | 'scaleGradByFreq' | 'sparse'> {
  /** The weight gets no gradient (default true: PyTorch's `freeze`). */
  freeze?: boolean;
}
const FROM_PRETRAINED_KEYS: (keyof FromPretrainedOptions)[] = ['freeze', 'paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'];

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1).
 * @example new nn.Embedding(10, 3, { paddingIdx: 0 })(tensor([[1, 2], [0, 9]]))
 */
export class Embedding extends Module {
  /** The padding row (made non-negative), or null. */
  readonly paddingIdx: number | null;
  /** Rows looked up with a larger norm are renormalised in place, or null. */
  readonly maxNorm: number | null;
  /** The p of the maxNorm norm. */
  readonly normType: number;
  /** The table [numEmbeddings, embeddingDim], initialised N(0, 1). */
  declare weight: Parameter;

  /**
   * @param numEmbeddings - Size of the dictionary.
   * @param embeddingDim - Size of each embedding vector.
   */
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, ...args: PyArgs<[
    paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean,
  ], EmbeddingOptions>) {
    super();
    const opts = bindOptions<EmbeddingOptions>('Embedding', EMBEDDING_KEYS, args);
    if (boolArg('Embedding', 'scale_grad_by_freq', opts.scaleGradByFreq, false)) throw new Error('Embedding: scale_grad_by_freq is not supported by torchlet');
    if (boolArg('Embedding', 'sparse', opts.sparse, false)) throw new Error('Embedding: sparse gradients are not supported by torchlet');
    this.maxNorm = opts.maxNorm === undefined || opts.maxNorm === null ? null : floatArg('Embedding', 'max_norm', opts.maxNorm, 0);
    this.normType = floatArg('Embedding', 'norm_type', opts.normType, 2);
    let p = opts.paddingIdx ?? null;
    if (p !== null) {
      intArgOf('Embedding', 'padding_idx', p, 0);
      if (p >= numEmbeddings || p < -numEmbeddings) throw new Error('Padding_idx must be within num_embeddings');
      if (p < 0) p += numEmbeddings;
    }
    this.paddingIdx = p;
    const given = opts._weight ?? null;
    if (given === null) {
      this.registerParameter('weight', new Parameter(empty([numEmbeddings, embeddingDim], { dtype: opts.dtype, device: opts.device })));
      this.resetParameters();
    } else {
      if (given.shape.length !== 2 || given.shape[0] !== numEmbeddings || given.shape[1] !== embeddingDim) {
        throw new Error('Shape of weight does not match num_embeddings and embedding_dim');
      }
      this.registerParameter('weight', new Parameter(given.detach()));
    }
  }

  /**
   * An Embedding holding `embeddings` (shared, not copied); frozen (no grad) by default.
   * @example nn.Embedding.fromPretrained(vectors, { freeze: false })
   */
  static fromPretrained(embeddings: Tensor, opts: FromPretrainedOptions = {}): Embedding {
    checkOptions('Embedding.from_pretrained', opts, FROM_PRETRAINED_KEYS);
    if (embeddings.shape.length !== 2) throw new Error('Embeddings parameter is expected to be 2-dimensional');
    const { freeze = true, ...rest } = opts;
    const e = new Embedding(embeddings.shape[0]!, embeddings.shape[1]!, { ...rest, _weight: embeddings });
    e.weight.requiresGrad = !freeze;
    return e;
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row. */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) {
      const p = this.paddingIdx;
      noGrad(() => this.weight.select(0, p).fill_(0));
    }
  }

  forward(input: Tensor): Tensor {
    return F.embeddingLookup(input, this.weight, this.paddingIdx, this.maxNorm, this.normType);
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    return s;
  }
}
