/**
 * BatchNorm1d/2d/3d (running statistics, momentum, affine, trackRunningStats), InstanceNorm1d/2d/3d,
 * LayerNorm, GroupNorm.
 */
import { Tensor, empty, noGrad, ones, tensor, zeros, type DType, type DeviceSpec } from '@torchlet/core';
import { bindOptions, boolArg, floatArg, storageDevice, type PyArgs } from '@torchlet/core/internal';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyFloat, pyTuple } from '../repr';

/** BatchNorm and InstanceNorm's keyword arguments (camelCased). */
export interface BatchNormOptions {
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
  /** Running-average factor; null for a cumulative average (1 / numBatchesTracked). */
  momentum?: number | null;
  /** Learnable per-channel weight and bias (default true for BatchNorm, false for InstanceNorm). */
  affine?: boolean;
  /**
   * Keep running mean and variance for eval mode (default true for BatchNorm, false for
   * InstanceNorm).
   */
  trackRunningStats?: boolean;
  /** dtype of the parameters and buffers (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters and buffers (default the default device). */
  device?: DeviceSpec;
}
/** PyTorch's order: BatchNorm2d(num_features, eps, momentum, affine, track_running_stats, device, dtype). */
const BATCH_NORM_KEYS: (keyof BatchNormOptions)[] = ['eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype'];
export type BatchNormArgs = PyArgs<[eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean], BatchNormOptions>;

/** The options of a _BatchNorm / _InstanceNorm bound from `args`, with the values a typo would break checked. */
function batchNormOptions(cls: string, args: readonly unknown[]): BatchNormOptions {
  const o = bindOptions<BatchNormOptions>(cls, BATCH_NORM_KEYS, args, 1);
  floatArg(cls, 'eps', o.eps, 0);
  if (o.momentum !== null) floatArg(cls, 'momentum', o.momentum, 0);
  boolArg(cls, 'affine', o.affine, true);
  boolArg(cls, 'track_running_stats', o.trackRunningStats, true);
  return o;
}

/** Shared by BatchNorm1d and BatchNorm2d (PyTorch's _BatchNorm). */
abstract class BatchNormBase extends Module {
  /** Number of channels C. */
  readonly numFeatures: number;
  /** Added to the variance for numerical stability. */
  readonly eps: number;
  /** Running-average factor; null for a cumulative average. */
  momentum: number | null;
  /** Whether weight and bias are learned. */
  readonly affine: boolean;
  /** Whether running statistics are kept (and used in eval mode). */
  readonly trackRunningStats: boolean;
  /** Per-channel scale gamma [C], initialised to ones (null without affine). */
  declare weight: Parameter | null;
  /** Per-channel shift beta [C], initialised to zeros (null without affine). */
  declare bias: Parameter | null;

  constructor(numFeatures: number, ...args: BatchNormArgs) {
    super();
    // InstanceNorm passes its options already bound (one object, no positionals).
    const opts = batchNormOptions(new.target.name, args);
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.trackRunningStats = opts.trackRunningStats ?? true;
    const { dtype, device } = opts;
    this.registerParameter('weight', this.affine ? new Parameter(empty([numFeatures], { dtype, device })) : null);
    this.registerParameter('bias', this.affine ? new Parameter(empty([numFeatures], { dtype, device })) : null);
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? zeros([numFeatures], { dtype, device }) : null);
    this.registerBuffer('running_var', track ? ones([numFeatures], { dtype, device }) : null);
    this.registerBuffer('num_batches_tracked', track ? batchCount(device) : null);
    this.resetParameters();
  }

  /** `running_mean` (the state-dict key); null without trackRunningStats. */
  get runningMean(): Tensor | null {
    return this.bufferValue('running_mean');
  }
  /** `running_var` (the state-dict key); null without trackRunningStats. */
  get runningVar(): Tensor | null {
    return this.bufferValue('running_var');
  }
  /** `num_batches_tracked`: an int64 scalar counting training batches (int32 on webgpu); null without trackRunningStats. */
  get numBatchesTracked(): Tensor | null {
    return this.bufferValue('num_batches_tracked');
  }

  private bufferValue(name: string): Tensor | null {
    const v: unknown = Reflect.get(this, name);
    return v instanceof Tensor ? v : null;
  }

  /** Running mean to 0, running variance to 1, batch count to 0. */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.zero_();
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.zero_();
    });
  }

  /** resetRunningStats(), then weight to ones and bias to zeros. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight !== null) init.ones_(this.weight);
    if (this.bias !== null) init.zeros_(this.bias);
  }

  /** Throws PyTorch's error when the input has the wrong number of dims. */
  protected abstract checkInputDim(input: Tensor): void;

  forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    // Checked here too, before num_batches_tracked moves: exactly one value per channel is an error, none is not.
    if (this.training && input.numel() / (input.shape[1] ?? 1) === 1) {
      throw new Error(`Expected more than 1 value per channel when training, got input size torch.Size([${input.shape.join(', ')}])`);
    }
    let factor = this.momentum ?? 0;
    const tracked = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && tracked !== null) {
      noGrad(() => tracked.add_(1));
      factor = this.momentum ?? 1 / tracked.item();
    }
    const useBatch = this.training || (this.runningMean === null && this.runningVar === null);
    const keepStats = !this.training || this.trackRunningStats;
    return F.batchNorm(input, keepStats ? this.runningMean : null, keepStats ? this.runningVar : null, {
      weight: this.weight, bias: this.bias, training: useBatch, momentum: factor, eps: this.eps,
    });
  }

  protected override loadDefaults(): Record<string, Tensor> {
    return this.trackRunningStats ? { num_batches_tracked: tensor(0, { dtype: 'int64' }) } : {};
  }

  override extraRepr(): string {
    const m = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${this.affine ? 'True' : 'False'}, ` +
      `track_running_stats=${this.trackRunningStats ? 'True' : 'False'}`;
  }
}

/** num_batches_tracked's initial 0: int64 as PyTorch's, int32 on webgpu (WGSL has no 64-bit integers). */
function batchCount(device: DeviceSpec | undefined): Tensor {
  return device === undefined || storageDevice(device) === 'cpu' ? tensor(0, { dtype: 'int64' }) : tensor(0, { dtype: 'int32', device });
}

/**
 * Batch normalization over [N, C] or [N, C, L] per channel C.
 * @example const bn = new nn.BatchNorm1d(5); bn(x); bn.runningMean
 */
export class BatchNorm1d extends BatchNormBase {
  /** Accepts [N, C] or [N, C, L]. */
  protected checkInputDim(input: Tensor): void {
    if (input.shape.length !== 2 && input.shape.length !== 3) throw new Error(`expected 2D or 3D input (got ${input.shape.length}D input)`);
  }
}

/**
 * Batch normalization over [N, C, H, W] per channel C.
 * @example new nn.BatchNorm2d(16, { momentum: 0.01 })
 */
export class BatchNorm2d extends BatchNormBase {
  /** Accepts [N, C, H, W]. */
  protected checkInputDim(input: Tensor): void {
    if (input.shape.length !== 4) throw new Error(`expected 4D input (got ${input.shape.length}D input)`);
  }
}

/**
 * Batch normalization over [N, C, D, H, W] per channel C.
 * @example new nn.BatchNorm3d(4)
 */
export class BatchNorm3d extends BatchNormBase {
  /** Accepts [N, C, D, H, W]. */
  protected checkInputDim(input: Tensor): void {
    if (input.shape.length !== 5) throw new Error(`expected 5D input (got ${input.shape.length}D input)`);
  }
}

/**
 * PyTorch's _InstanceNorm: per-sample, per-channel statistics; no affine parameters and no
 * running statistics unless asked. An input without the batch dim is treated as a batch of one.
 */
abstract class InstanceNormBase extends BatchNormBase {
  constructor(numFeatures: number, ...args: BatchNormArgs) {
    const opts = batchNormOptions(new.target.name, args);
    super(numFeatures, { ...opts, affine: opts.affine ?? false, trackRunningStats: opts.trackRunningStats ?? false });
  }

  /** Dims of an unbatched input ([C, L] for InstanceNorm1d). */
  protected abstract readonly noBatchDim: number;

  /** Accepts the batched or unbatched rank. */
  protected checkInputDim(input: Tensor): void {
    const nd = input.shape.length, want = this.noBatchDim;
    if (nd !== want && nd !== want + 1) throw new Error(`expected ${want}D or ${want + 1}D input (got ${nd}D input)`);
  }

  /**
   * Normalizes each sample's channels with their own statistics (or the running ones in eval mode
   * with trackRunningStats).
   */
  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    const unbatched = input.shape.length === this.noBatchDim;
    const x = unbatched ? input.unsqueeze(0) : input;
    if (this.momentum === null) throw new TypeError('instance_norm(): argument \'momentum\' must be float, not NoneType');
    const y = F.instanceNorm(x, this.runningMean, this.runningVar, {
      weight: this.weight, bias: this.bias, useInputStats: this.training || !this.trackRunningStats, momentum: this.momentum, eps: this.eps,
    });
    return unbatched ? y.squeeze(0) : y;
  }
}

/**
 * Instance normalization of [N, C, L] (or unbatched [C, L]).
 * @example new nn.InstanceNorm1d(3, { affine: true })
 */
export class InstanceNorm1d extends InstanceNormBase {
  protected readonly noBatchDim = 2;
}

/** Instance normalization of [N, C, H, W] (or unbatched [C, H, W]). */
export class InstanceNorm2d extends InstanceNormBase {
  protected readonly noBatchDim = 3;
}

/** Instance normalization of [N, C, D, H, W] (or unbatched [C, D, H, W]). */
export class InstanceNorm3d extends InstanceNormBase {
  protected readonly noBatchDim = 4;
}

export interface LayerNormOptions { eps?: number; elementwiseAffine?: boolean; bias?: boolean; dtype?: DType; device?: DeviceSpec }
export interface GroupNormOptions { eps?: number; affine?: boolean; dtype?: DType; device?: DeviceSpec }

/**
 * Normalizes over the trailing `normalizedShape` dims, with elementwise affine parameters.
 * @example new nn.LayerNorm(10) // over the last dim of size 10
 * @example new nn.LayerNorm([4, 5], 1e-6, false) // PyTorch's order: (normalized_shape, eps, elementwise_affine, bias)
 */
export class LayerNorm extends Module {
  /** The trailing shape normalized over. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance for numerical stability (default 1e-5). */
  readonly eps: number;
  /** Whether weight (and bias) are learned (default true). */
  readonly elementwiseAffine: boolean;
  /** Scale, shaped normalizedShape, initialised to ones (null without elementwiseAffine). */
  declare weight: Parameter | null;
  /**
   * Shift, shaped normalizedShape, initialised to zeros (null without elementwiseAffine or with
   * `bias: false`).
   */
  declare bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], ...args: PyArgs<[eps: number, elementwiseAffine: boolean, bias: boolean], LayerNormOptions>) {
    super();
    const opts = bindOptions<LayerNormOptions>('LayerNorm', ['eps', 'elementwiseAffine', 'bias', 'device', 'dtype'], args, 1);
    if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
      throw new TypeError(`'${typeof normalizedShape === 'string' ? 'str' : typeof normalizedShape}' object is not iterable`);
    }
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape.slice();
    this.eps = floatArg('LayerNorm', 'eps', opts.eps, 1e-5);
    this.elementwiseAffine = boolArg('LayerNorm', 'elementwise_affine', opts.elementwiseAffine, true);
    const { dtype, device } = opts;
    this.registerParameter('weight', this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype, device })) : null);
    // bias: false (PyTorch 2.1) keeps the scale and drops the shift.
    const bias = this.elementwiseAffine && boolArg('LayerNorm', 'bias', opts.bias, true);
    this.registerParameter('bias', bias ? new Parameter(zeros(this.normalizedShape, { dtype, device })) : null);
  }

  /** Weight to ones, bias to zeros. */
  resetParameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
    if (this.bias !== null) init.zeros_(this.bias);
  }

  forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${this.elementwiseAffine ? 'True' : 'False'}`;
  }
}

/**
 * Normalizes groups of channels of [N, C, ...] (numChannels divisible by numGroups).
 * @example new nn.GroupNorm(2, 6)
 */
export class GroupNorm extends Module {
  /** Added to the variance for numerical stability (default 1e-5). */
  readonly eps: number;
  /** Whether per-channel weight and bias are learned (default true). */
  readonly affine: boolean;
  /** Per-channel scale [numChannels], initialised to ones (null without affine). */
  declare weight: Parameter | null;
  /** Per-channel shift [numChannels], initialised to zeros (null without affine). */
  declare bias: Parameter | null;

  /**
   * @param numGroups - Number of groups the channels are split into.
   * @param numChannels - Number of channels C (divisible by numGroups).
   */
  constructor(readonly numGroups: number, readonly numChannels: number, ...args: PyArgs<[eps: number, affine: boolean], GroupNormOptions>) {
    super();
    const opts = bindOptions<GroupNormOptions>('GroupNorm', ['eps', 'affine', 'device', 'dtype'], args);
    if (numChannels % numGroups !== 0) throw new Error('num_channels must be divisible by num_groups');
    this.eps = floatArg('GroupNorm', 'eps', opts.eps, 1e-5);
    this.affine = boolArg('GroupNorm', 'affine', opts.affine, true);
    this.registerParameter('weight', this.affine ? new Parameter(ones([numChannels], { dtype: opts.dtype, device: opts.device })) : null);
    this.registerParameter('bias', this.affine ? new Parameter(zeros([numChannels], { dtype: opts.dtype, device: opts.device })) : null);
  }

  forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${this.affine ? 'True' : 'False'}`;
  }
}
