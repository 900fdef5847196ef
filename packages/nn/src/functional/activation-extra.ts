/**
 * The rest of torch.nn.functional's activations, each with PyTorch's node name and its gradient
 * rule at the kinks (where a boundary point belongs), written beside its forward. `inplace`
 * writes into the input with PyTorch's in-place checks.
 */
import { Tensor, cat, defaultGenerator, isFloating, where } from '@torchlet/core';
import { nnOps } from '@torchlet/core/internal';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

function checkFloating(x: Tensor, kernel: string): void {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new TypeError(`"${kernel}" not implemented for '${x.dtype === 'bool' ? 'Bool' : 'Long'}'`);
  }
}

/** One node over x: `forward(x)` without a graph, `backward(g, x)` its input gradient. */
function unaryNode(node: string, x: Tensor, forward: (x: Tensor) => Tensor, backward: (g: Tensor, x: Tensor) => Tensor): Tensor {
  return nnOps.withNode(node, [x], () => forward(x), (g, saved) => [backward(g, saved[0] ?? x)]);
}

function maybeInplace(input: Tensor, inplace: boolean, op: (x: Tensor) => Tensor): Tensor {
  return inplace ? nnOps.applyInplace(input, op) : op(input);
}

/** x for x > 0, else alpha * (exp(x / alpha) - 1). */
export function celu(input: Tensor, alpha = 1.0, inplace = false): Tensor {
  checkFloating(input, 'elu_cpu');
  if (alpha === 0) throw new Error('ZeroDivisionError: alpha cannot be 0 for CELU');
  return maybeInplace(input, inplace, (x) => unaryNode('CeluBackward0', x,
    (v) => where(v.gt(0), v, v.div(alpha).expm1().mul(alpha)),
    (g, v) => where(v.gt(0), g, g.mul(v.div(alpha).exp()))));
}

/** scale * (x for x > 0, else alpha * (exp(x) - 1)) with SELU's fixed alpha and scale. */
export function selu(input: Tensor, inplace = false): Tensor {
  checkFloating(input, 'elu_cpu');
  return maybeInplace(input, inplace, (x) => unaryNode('EluBackward0', x,
    (v) => where(v.gt(0), v.mul(SELU_SCALE), v.expm1().mul(SELU_ALPHA * SELU_SCALE)),
    (g, v) => where(v.gt(0), g.mul(SELU_SCALE), g.mul(v.exp()).mul(SELU_ALPHA * SELU_SCALE))));
}

/**
 * x * relu6(x + 3) / 6. Gradient 0 below -3, x/3 + 1/2 on [-3, 3), 1 from 3 on: PyTorch's
 * vectorized rule, which its CPU kernel applies to all but a short tail (its scalar tail, and
 * tensors under 16 float32 / 8 float64 elements, give 1.5 at exactly 3).
 */
export function hardswish(input: Tensor, inplace = false): Tensor {
  checkFloating(input, 'hardswish_cpu');
  return maybeInplace(input, inplace, (x) => unaryNode('HardswishBackward0', x,
    (v) => v.mul(v.add(3).clamp(0, 6)).div(6),
    (g, v) => where(v.lt(-3), 0, where(v.lt(3), g.mul(v.div(3).add(0.5)), g))));
}

/** relu6(x + 3) / 6. Gradient 1/6 strictly inside (-3, 3), else 0. */
export function hardsigmoid(input: Tensor, inplace = false): Tensor {
  checkFloating(input, 'hardsigmoid_cpu');
  return maybeInplace(input, inplace, (x) => unaryNode('HardsigmoidBackward0', x,
    (v) => v.add(3).clamp(0, 6).div(6),
    (g, v) => where(v.gt(-3).logicalAnd(v.lt(3)), g.div(6), 0)));
}

/** min(max(x, minVal), maxVal). Gradient only strictly inside (minVal, maxVal), unlike clamp's. */
export function hardtanh(input: Tensor, minVal = -1.0, maxVal = 1.0, inplace = false): Tensor {
  if (input.dtype === 'int32' || input.dtype === 'int64' || input.dtype === 'bool') return inplace ? input.clamp_(minVal, maxVal) : input.clamp(minVal, maxVal);
  return maybeInplace(input, inplace, (x) => unaryNode('HardtanhBackward0', x,
    (v) => v.clamp(minVal, maxVal),
    (g, v) => where(v.gt(minVal).logicalAnd(v.lt(maxVal)), g, 0)));
}

/** hardtanh(x, 0, 6). */
export function relu6(input: Tensor, inplace = false): Tensor {
  return hardtanh(input, 0, 6, inplace);
}

/** x * tanh(softplus(x)). */
export function mish(input: Tensor, inplace = false): Tensor {
  checkFloating(input, 'mish_cpu');
  return maybeInplace(input, inplace, (x) => unaryNode('MishBackward0', x,
    (v) => v.mul(v.softplus().tanh()),
    (g, v) => {
      const t = v.softplus().tanh();
      return g.mul(t.add(v.mul(v.sigmoid()).mul(t.mul(t).neg().add(1))));
    }));
}

/** x / (1 + |x|) (composed, as PyTorch's). */
export function softsign(input: Tensor): Tensor {
  return input.div(input.abs().add(1));
}

/** x - tanh(x) (composed, as PyTorch's). */
export function tanhshrink(input: Tensor): Tensor {
  return input.sub(input.tanh());
}

/** x - lambd above lambd, x + lambd below -lambd, else 0. Gradient 0 on [-lambd, lambd]. */
export function softshrink(input: Tensor, lambd = 0.5): Tensor {
  checkFloating(input, 'softshrink_cpu');
  if (lambd < 0) throw new Error(`lambda must be greater or equal to 0, but found to be ${lambd}.`);
  return unaryNode('SoftshrinkBackward0', input,
    (v) => where(v.gt(lambd), v.sub(lambd), where(v.lt(-lambd), v.add(lambd), 0)),
    (g, v) => where(v.ge(-lambd).logicalAnd(v.le(lambd)), 0, g));
}

/** 0 on [-lambd, lambd], else x. */
export function hardshrink(input: Tensor, lambd = 0.5): Tensor {
  checkFloating(input, 'hardshrink_cpu');
  return unaryNode('HardshrinkBackward0', input,
    (v) => where(v.ge(-lambd).logicalAnd(v.le(lambd)), 0, v),
    (g, v) => where(v.ge(-lambd).logicalAnd(v.le(lambd)), 0, g));
}

/** `value` where x <= threshold, else x. */
export function threshold(input: Tensor, thresholdValue: number, value: number, inplace = false): Tensor {
  if (input.dtype === 'bool') throw new TypeError('"threshold_cpu" not implemented for \'Bool\'');
  const fill = isFloating(input.dtype) ? value : Math.trunc(value);
  return maybeInplace(input, inplace, (x) => unaryNode('ThresholdBackward0', x,
    (v) => where(v.le(thresholdValue), fill, v).to(v.dtype),
    (g, v) => where(v.le(thresholdValue), 0, g)));
}

/** log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)). */
export function logsigmoid(input: Tensor): Tensor {
  checkFloating(input, 'log_sigmoid_cpu');
  return unaryNode('LogSigmoidBackward0', input,
    (v) => v.clamp(undefined, 0).sub(v.abs().neg().exp().log1p()),
    (g, v) => g.mul(v.neg().sigmoid()));
}

/** The first half of `dim` times the sigmoid of the second half. */
export function glu(input: Tensor, dim = -1): Tensor {
  const nd = input.shape.length;
  if (nd === 0) throw new Error('glu does not support scalars because halving size must be even');
  if (dim < -nd || dim >= nd) throw new RangeError(`Dimension out of range (expected to be in range of [${-nd}, ${nd - 1}], but got ${dim})`);
  const d = dim < 0 ? dim + nd : dim;
  const size = input.shape[d] ?? 0;
  if (size % 2 !== 0) throw new Error(`Halving dimension must be even, but dimension ${d} is size ${size}`);
  checkFloating(input, 'glu_cpu');
  const h = size / 2;
  return unaryNode('GluBackward0', input,
    (v) => v.narrow(d, 0, h).mul(v.narrow(d, h, h).sigmoid()),
    (g, v) => {
      const a = v.narrow(d, 0, h), s = v.narrow(d, h, h).sigmoid();
      return cat([g.mul(s), g.mul(a).mul(s).mul(s.neg().add(1))], d);
    });
}

/**
 * x for x > 0, else weight * x; weight has one value or one per channel (dim 1).
 * @example prelu(x, tensor([0.25]))
 */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  checkFloating(input, 'prelu_cpu');
  const k = weight.numel(), nd = input.shape.length;
  if (k !== 1) {
    if (nd === 0) throw new Error('Not allow zero-dim input tensor.');
    const channels = nd > 1 ? input.shape[1] ?? 1 : 1;
    if (channels !== k) throw new Error(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${k} and channel size = ${channels}.`);
  }
  if (weight.shape.length > 1) throw new Error(`prelu: Expected \`weight\` to be a scalar or 1D tensor, but got ndim = ${weight.shape.length}`);
  // weight shaped to broadcast over dim 1; a single value over everything.
  const wShape = k === 1 ? [] : input.shape.map((s, i) => (i === 1 ? s : 1));
  const restDims = input.shape.map((_, i) => i).filter((i) => k === 1 || i !== 1);
  const weightShape = weight.shape.slice();
  return nnOps.withNode('PreluBackward0', [input, weight],
    () => where(input.gt(0), input, input.mul(weight.reshape(wShape))),
    (g, saved) => {
      const x = saved[0] ?? input, w = (saved[1] ?? weight).reshape(wShape);
      const pos = x.gt(0);
      const gw = where(pos, 0, x.mul(g));
      return [where(pos, g, g.mul(w)), (restDims.length > 0 ? gw.sum(restDims) : gw).reshape(weightShape)];
    });
}

/**
 * Randomized leaky ReLU: in training each non-positive element is scaled by a slope drawn
 * uniformly from [lower, upper) (PyTorch's draws, one per such element in row-major order);
 * otherwise the slope is (lower + upper) / 2.
 */
export function rrelu(input: Tensor, lower = 1.0 / 8, upper = 1.0 / 3, training = false, inplace = false): Tensor {
  checkFloating(input, 'leaky_relu_cpu');
  if (!(lower <= upper)) throw new Error('Lower bound should be less than or equal to the upper bound');
  if (!training) {
    const slope = (lower + upper) / 2;
    return maybeInplace(input, inplace, (x) => unaryNode('RreluWithNoiseBackward0', x,
      (v) => v.leakyRelu(slope),
      (g, v) => where(v.gt(0), g, g.mul(slope))));
  }
  const noise = rreluNoise(input, lower, upper);
  const byNoise = upper - lower > 1e-6;
  const slope = (lower + upper) / 2;
  return maybeInplace(input, inplace, (x) => unaryNode('RreluWithNoiseBackward0', x,
    (v) => v.mul(noise),
    (g, v) => (byNoise ? g.mul(noise) : where(v.gt(0), g, g.mul(slope)))));
}

/** PyTorch's noise: 1 where x > 0, else one uniform_real_distribution<double>(lower, upper) draw cast to x's dtype. */
function rreluNoise(input: Tensor, lower: number, upper: number): Tensor {
  const f32 = input.dtype === 'float32';
  const lo = f32 ? Math.fround(lower) : lower, hi = f32 ? Math.fround(upper) : upper;
  const xs = input.toTypedArray();
  const noise = f32 ? new Float32Array(xs.length) : new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    noise[i] = (xs[i] ?? 0) <= 0 ? defaultGenerator.randomU53() * (hi - lo) + lo : 1;
  }
  return Tensor.fromData(noise, input.shape.slice(), input.dtype);
}
