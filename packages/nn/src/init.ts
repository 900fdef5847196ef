/**
 * torch.nn.init: in-place initializers with PyTorch's fan computation, gains and draw order, so
 * after manualSeed the values are PyTorch's bit for bit (orthogonal_ and truncNormal_ to
 * rounding: they go through QR / erfinv). Each takes an optional `{ generator }`.
 */
import { Tensor, noGrad, zeros, type Generator } from '@torchlet/core';
import { erfinvF32, qrPositive } from './init-math';

/** The `generator` option every random initializer takes. */
export interface GeneratorOption {
  /** Generator for the draws (default the global one). */
  generator?: Generator;
}

/** The nonlinearities calculateGain knows (PyTorch's names). */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/**
 * Which fan Kaiming init preserves: 'fan_in' (the forward pass's variance) or 'fan_out' (the backward
 * pass's).
 */
export type FanMode = 'fan_in' | 'fan_out';

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain).
 * @example calculateGain('leaky_relu', 0.2) // sqrt(2 / (1 + 0.2^2))
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh': return 5.0 / 3;
    case 'relu': return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || Number.isNaN(slope)) throw new Error(`negative_slope ${String(slope)} not a valid number`);
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case 'selu': return 3.0 / 4;
    default: throw new Error(`Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/** `[fanIn, fanOut]`: size(1) and size(0) times the receptive field (prod of dims 2..). */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  if (tensor.shape.length < 2) throw new Error('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  let receptive = 1;
  for (const d of tensor.shape.slice(2)) receptive *= d;
  return [tensor.shape[1]! * receptive, tensor.shape[0]! * receptive];
}

function correctFan(tensor: Tensor, mode: FanMode): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new Error(`Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** Fills with U(a, b) draws. */
export function uniform_(tensor: Tensor, a = 0.0, b = 1.0, opts: GeneratorOption = {}): Tensor {
  return noGrad(() => tensor.uniform_(a, b, opts));
}

/** Fills with N(mean, std^2) draws. */
export function normal_(tensor: Tensor, mean = 0.0, std = 1.0, opts: GeneratorOption = {}): Tensor {
  return noGrad(() => tensor.normal_(mean, std, opts));
}

/** Fills tensor with val in place, without recording autograd (torch.nn.init.constant_). */
export function constant_(tensor: Tensor, val: number): Tensor {
  return noGrad(() => tensor.fill_(val));
}

/** Fills tensor with ones in place (torch.nn.init.ones_). */
export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

/** Fills tensor with zeros in place (torch.nn.init.zeros_). */
export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}

/** The identity matrix (2-D tensors only). */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.shape.length !== 2) throw new Error('Only tensors with 2 dimensions are supported');
  return noGrad(() => {
    tensor.zero_();
    const n = Math.min(tensor.shape[0]!, tensor.shape[1]!);
    for (let i = 0; i < n; i++) tensor.select(0, i).select(0, i).fill_(1);
    return tensor;
  });
}

/** Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform_(tensor: Tensor, gain = 1.0, opts: GeneratorOption = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a, opts);
}

/** Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal_(tensor: Tensor, gain = 1.0, opts: GeneratorOption = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return normal_(tensor, 0, std, opts);
}

/** kaimingUniform_ / kaimingNormal_'s keyword arguments. */
export interface KaimingOptions extends GeneratorOption {
  /** Negative slope of the rectifier after this layer (leaky_relu only). */
  a?: number;
  /** 'fan_in' (default) or 'fan_out'. */
  mode?: FanMode;
  /** The nonlinearity after this layer, for the gain (default 'leaky_relu'). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(tensor: Tensor, opts: KaimingOptions): number | null {
  if (tensor.shape.includes(0)) return null;
  const fan = correctFan(tensor, opts.mode ?? 'fan_in');
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * He uniform: U(-bound, bound) with bound = sqrt(3) * gain / sqrt(fan). What Linear and Conv use
 * by default with `a: Math.sqrt(5)`.
 * @example kaimingUniform_(w, { a: Math.sqrt(5) })
 */
export function kaimingUniform_(tensor: Tensor, opts: KaimingOptions = {}): Tensor {
  const std = kaimingStd(tensor, opts);
  if (std === null) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound, opts);
}

/** He normal: N(0, std^2) with std = gain / sqrt(fan). */
export function kaimingNormal_(tensor: Tensor, opts: KaimingOptions = {}): Tensor {
  const std = kaimingStd(tensor, opts);
  if (std === null) return tensor;
  return normal_(tensor, 0, std, opts);
}

/**
 * Truncated normal in [a, b] by the inverse-CDF method PyTorch uses: U(2l-1, 2u-1) draws, erfinv,
 * scale, shift, clamp.
 */
export function truncNormal_(tensor: Tensor, mean = 0.0, std = 1.0, a = -2.0, b = 2.0, opts: GeneratorOption = {}): Tensor {
  const normCdf = (x: number): number => (1 + erf(x / Math.sqrt(2))) / 2;
  const l = normCdf((a - mean) / std), u = normCdf((b - mean) / std);
  return noGrad(() => {
    // off the CPU, on a CPU tensor copied over at the end (erfinv's float32 replay reads host arrays)
    const t = tensor.storage.device === 'cpu' ? tensor : zeros(tensor.shape.slice(), { dtype: tensor.dtype });
    t.uniform_(2 * l - 1, 2 * u - 1, opts);
    t.copy_(t.dtype === 'float32' ? erfinvF32(t) : erfinvF32(t.float()).double());
    t.mul_(std * Math.sqrt(2));
    t.add_(mean);
    t.clamp_(a, b);
    return t === tensor ? tensor : tensor.copy_(t);
  });
}

/** A (semi-)orthogonal matrix from the QR decomposition of normal draws, times `gain`. */
export function orthogonal_(tensor: Tensor, gain = 1, opts: GeneratorOption = {}): Tensor {
  if (tensor.shape.length < 2) throw new Error('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0]!, cols = tensor.numel() / rows;
  return noGrad(() => {
    const flat = zeros([rows, cols], { dtype: tensor.dtype }).normal_(0, 1, opts);
    const q = rows < cols ? qrPositive(flat.t()).t() : qrPositive(flat);
    tensor.view(q.shape).copy_(q);
    return tensor.mul_(gain);
  });
}

/** Python's math.erf (double precision), for the truncation bounds. */
function erf(x: number): number {
  return Tensor.fromData(new Float64Array([x]), [], 'float64').erf().item();
}
