/**
 * Page entry for webgpu-device.test.ts: every webgpu kernel of the device layer (copy, fill,
 * unary, binary, where, fused, reduce) against the js oracle on strided, transposed and
 * broadcast inputs, the async reads, the sync-read / float64 / device-mixing errors, and autograd
 * on webgpu. Reports `{ skipped }` when there is no adapter, else `{ failures, checked }`.
 */
import * as torch from '@torchlet/core';
import type { Tensor } from '@torchlet/core';
import { BINARY_OPS, UNARY_OPS, getBackend, type Backend, type BinaryOp, type UnaryOp } from '@torchlet/core/backend';
import { webgpuBackend } from '../../src/backend/webgpu/index';
import { awayFromZero, compare, mismatch, thrown, uniform } from './compare';

type DType = 'float32' | 'int32' | 'bool';
/** The page's globals (typed here: tests compile without the DOM lib). */
interface PageGlobals { __done(result: unknown): void }
const page = globalThis as unknown as PageGlobals;
const js: Backend = getBackend('js');
const gpu: Backend = webgpuBackend;
const failures: string[] = [];
let checked = 0;

const pending: Promise<void>[] = [];

/** Records a check; a promised result (a GPU read) is awaited at the end, with every other read at once. */
function fail(name: string, why: string | null | Promise<string | null>): void {
  checked++;
  pending.push(Promise.resolve(why).then((w) => { if (w !== null) failures.push(`${name}: ${w}`); }));
}

/** A CPU tensor and the same values on webgpu, viewed the same way by `view`. */
function pair(x: Tensor, view: (t: Tensor) => Tensor = (t) => t): [Tensor, Tensor] {
  return [view(x), view(x.to('webgpu'))];
}

/** Empty outputs of `shape`, strided (a transposed base) when `strided`. */
function outs(shape: number[], dtype: DType, strided: boolean): [Tensor, Tensor] {
  if (!strided || shape.length < 2) return [torch.empty(shape, { dtype }), torch.empty(shape, { dtype, device: 'webgpu' })];
  const n = shape.length;
  const swapped = [...shape];
  [swapped[n - 1], swapped[n - 2]] = [shape[n - 2]!, shape[n - 1]!];
  return [torch.empty(swapped, { dtype }).transpose(n - 1, n - 2), torch.empty(swapped, { dtype, device: 'webgpu' }).transpose(n - 1, n - 2)];
}

const PRED_UNARY = new Set<UnaryOp>(['logicalNot', 'isnan', 'isfinite', 'isinf', 'signbit']);
/** Inputs per unary op: its domain, plus NaN/inf for the predicates. */
function unaryInput(op: UnaryOp): Tensor {
  const s = [5, 7, 6];
  switch (op) {
    case 'log': case 'sqrt': case 'rsqrt': case 'log2': case 'log10': return uniform(s, 0.05, 6);
    case 'log1p': return uniform(s, -0.9, 5);
    case 'acosh': return uniform(s, 1, 6);
    case 'asin': case 'acos': case 'atanh': return uniform(s, -0.97, 0.97);
    case 'tan': return uniform(s, -1.4, 1.4);
    case 'reciprocal': return awayFromZero(s, 0.1, 3);
    case 'exp': case 'exp2': case 'sinh': case 'cosh': case 'expm1': return uniform(s, -8, 8);
    case 'isnan': case 'isfinite': case 'isinf': case 'signbit': case 'relu': case 'sign':
      return torch.tensor([NaN, Infinity, -Infinity, -0, 0, 1.5, -2.5, 3]).repeat(27).narrow(0, 0, 210).reshape(s);
    case 'round': return uniform(s, -4, 4).mul(2).round().div(2); // halves: round-half-even
    case 'bitwiseNot': return torch.randint(-100, 100, s);
    default: return uniform(s, -4, 4);
  }
}

function unaryParams(op: UnaryOp): [number, number] {
  if (op === 'clamp') return [-1, 1.5];
  if (op === 'leakyRelu') return [0.01, 0];
  if (op === 'elu') return [1, 0];
  if (op === 'softplus') return [1, 20];
  return [0, 0];
}

function checkUnary(): void {
  for (const op of UNARY_OPS) {
    const x = unaryInput(op);
    const dtype = x.dtype as DType;
    const [xc, xg] = pair(x, (t) => t.permute(2, 0, 1));
    const outDtype: DType = PRED_UNARY.has(op) ? 'bool' : dtype;
    const [p0, p1] = unaryParams(op);
    // a strided output for every fifth op (each variant compiles its own kernel, slowly here)
    for (const strided of UNARY_OPS.indexOf(op) % 5 === 0 ? [false, true] : [false]) {
      const [oc, og] = outs(xc.shape, outDtype, strided);
      js.unary(op, xc, oc, p0, p1);
      gpu.unary(op, xg, og, p0, p1);
      // elu and sigmoid-like ops round exp(x) - 1 in float first, as PyTorch: 1e-6 absolute near 0
      fail(`unary ${op}${strided ? ' (strided out)' : ''}`, compare(og, oc, 1e-5, 1e-6));
    }
  }
  // integer and bool inputs of the ops that take them
  const ints = torch.randint(-50, 50, [4, 9]);
  for (const op of ['identity', 'neg', 'abs', 'square', 'sign', 'relu', 'clamp', 'bitwiseNot', 'logicalNot', 'signbit'] as UnaryOp[]) {
    const [xc, xg] = pair(ints, (t) => t.t());
    const outDtype: DType = PRED_UNARY.has(op) ? 'bool' : 'int32';
    const [oc, og] = outs(xc.shape, outDtype, false);
    js.unary(op, xc, oc, op === 'clamp' ? -10 : 0, op === 'clamp' ? 20 : 0);
    gpu.unary(op, xg, og, op === 'clamp' ? -10 : 0, op === 'clamp' ? 20 : 0);
    fail(`unary ${op} int32`, compare(og, oc, 0, 0));
  }
  const bools = torch.rand([6, 5]).lt(0.5);
  for (const op of ['logicalNot', 'bitwiseNot', 'identity'] as UnaryOp[]) {
    const [xc, xg] = pair(bools, (t) => t.t());
    const [oc, og] = outs(xc.shape, 'bool', false);
    js.unary(op, xc, oc);
    gpu.unary(op, xg, og);
    fail(`unary ${op} bool`, compare(og, oc, 0, 0));
  }
}

const PRED_BINARY = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor']);
const INT_ONLY = new Set<BinaryOp>(['bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'bitwiseLeftShift', 'bitwiseRightShift']);

/** a [4, 5, 6] (then permuted) and b broadcasting from [5, 1] for a float op. */
function binaryInputs(op: BinaryOp): [Tensor, Tensor, number] {
  const s = [6, 4, 5];
  switch (op) {
    case 'pow': return [uniform(s, 0.2, 3), uniform([5, 1], -2.5, 2.5), 1.7];
    case 'div': case 'fmod': case 'remainder': case 'floorDivide': return [uniform(s, -9, 9), awayFromZero([5, 1], 0.3, 3), -1.3];
    case 'eq': case 'ne': { const a = torch.randint(0, 3, s).float(); return [a, torch.randint(0, 3, [5, 1]).float(), 1]; }
    default: return [uniform(s, -4, 4), uniform([5, 1], -4, 4), 0.75];
  }
}

function checkBinary(): void {
  for (const op of BINARY_OPS) {
    if (INT_ONLY.has(op)) continue;
    const [a, b, scalar] = binaryInputs(op);
    const [ac, ag] = pair(a, (t) => t.permute(1, 2, 0)); // [4, 5, 6], strided
    const [bc, bg] = pair(b); // [5, 1] broadcasts over dims 0 and 2
    const outDtype: DType = PRED_BINARY.has(op) ? 'bool' : 'float32';
    const [oc, og] = outs([4, 5, 6], outDtype, op === 'add' || op === 'mul');
    js.binary(op, ac, bc, oc);
    gpu.binary(op, ag, bg, og);
    // floorDivide/remainder near exact multiples can flip by one step: compare with a looser atol
    fail(`binary ${op}`, compare(og, oc, 1e-5, 1e-6));
    const [sc, sg] = outs([4, 5, 6], outDtype, false);
    js.binary(op, ac, scalar, sc);
    gpu.binary(op, ag, scalar, sg);
    fail(`binary ${op} scalar`, compare(sg, sc, 1e-5, 1e-6));
  }
  for (const e of [2, 3, -2, 0.5, -0.5, -1]) {
    const [ac, ag] = pair(uniform([3, 7], 0.1, 4), (t) => t.t());
    const [oc, og] = outs([7, 3], 'float32', false);
    js.binary('pow', ac, e, oc);
    gpu.binary('pow', ag, e, og);
    fail(`binary pow scalar ${e}`, compare(og, oc));
  }
  // integers: every op that takes int32, and shifts past the width
  const ai = torch.randint(-1000, 1000, [6, 8]), bi = torch.randint(1, 40, [8]).mul(torch.randint(0, 2, [8]).mul(2).sub(1));
  for (const op of BINARY_OPS) {
    if (op === 'pow' || op === 'atan2' || op === 'copysign' || op === 'hypot' || op === 'div') continue;
    const [ac, ag] = pair(ai, (t) => t.t().t());
    const bsrc = op === 'bitwiseLeftShift' || op === 'bitwiseRightShift' ? torch.randint(-2, 35, [8]) : bi;
    const [bc, bg] = pair(bsrc);
    const outDtype: DType = PRED_BINARY.has(op) ? 'bool' : 'int32';
    const [oc, og] = outs([6, 8], outDtype, false);
    js.binary(op, ac, bc, oc);
    gpu.binary(op, ag, bg, og);
    fail(`binary ${op} int32`, compare(og, oc, 0, 0));
  }
  const [ipc, ipg] = pair(torch.randint(-5, 6, [10]));
  const [ec, eg] = pair(torch.randint(0, 7, [10]));
  const [po, pg] = outs([10], 'int32', false);
  js.binary('pow', ipc, ec, po);
  gpu.binary('pow', ipg, eg, pg);
  fail('binary pow int32', compare(pg, po, 0, 0));
  const [lc, lg] = pair(torch.rand([5, 4]).lt(0.5));
  const [rc, rg] = pair(torch.rand([4]).lt(0.5));
  for (const op of ['logicalAnd', 'logicalOr', 'logicalXor', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'eq', 'add', 'mul'] as BinaryOp[]) {
    const [oc, og] = outs([5, 4], 'bool', false);
    js.binary(op, lc, rc, oc);
    gpu.binary(op, lg, rg, og);
    fail(`binary ${op} bool`, compare(og, oc, 0, 0));
  }
  // in place, out aliasing a (one buffer bound once)
  const [ic, ig] = pair(uniform([4, 6], -2, 2));
  const [jc, jg] = pair(uniform([6], -2, 2));
  js.binary('mul', ic, jc, ic);
  gpu.binary('mul', ig, jg, ig);
  fail('binary mul in place', compare(ig, ic));
}

function checkWhereFused(): void {
  const [cc, cg] = pair(torch.rand([4, 1, 6]).lt(0.4));
  const [ac, ag] = pair(uniform([5, 6], -3, 3), (t) => t);
  const [bc, bg] = pair(uniform([6, 5], -3, 3), (t) => t.t());
  const [oc, og] = outs([4, 5, 6], 'float32', true);
  js.where(cc, ac, bc, oc);
  gpu.where(cg, ag, bg, og);
  fail('where', compare(og, oc));
  const [xc, xg] = pair(uniform([5, 6], -3, 3));
  const [yc, yg] = pair(uniform([6, 5], -3, 3), (t) => t.t());
  const [zc, zg] = pair(awayFromZero([6], 0.5, 2));
  const [wc, wg] = pair(uniform([5, 6], 0, 1));
  for (const op of ['addScaled', 'addcmul', 'addcdiv', 'lerp'] as const) {
    const c3 = op === 'addScaled' ? null : op === 'lerp' ? [wc, wg] as const : [zc, zg] as const;
    const [o1, o2] = outs([5, 6], 'float32', false);
    js.fused(op, xc, yc, c3 && c3[0], -0.37, o1);
    gpu.fused(op, xg, yg, c3 && c3[1], -0.37, o2);
    fail(`fused ${op}`, compare(o2, o1));
  }
  const [l1, l2] = outs([5, 6], 'float32', false);
  js.fused('lerp', xc, yc, null, 0.8, l1);
  gpu.fused('lerp', xg, yg, null, 0.8, l2);
  fail('fused lerp scalar weight', compare(l2, l1));
  const [ia, ig] = pair(torch.randint(-9, 9, [3, 4]));
  const [ib, ibg] = pair(torch.randint(-9, 9, [4]));
  const [io1, io2] = outs([3, 4], 'int32', false);
  js.fused('addScaled', ia, ib, null, 3, io1);
  gpu.fused('addScaled', ig, ibg, null, 3, io2);
  fail('fused addScaled int32', compare(io2, io1, 0, 0));
}

function checkReduce(): void {
  const x = uniform([6, 300, 7], -2, 2);
  const [xc, xg] = pair(x, (t) => t.permute(2, 0, 1)); // [7, 6, 300]
  const cases: number[][] = [[2], [0], [0, 1, 2]];
  for (const dims of cases) {
    const keptShape = xc.shape.filter((_, d) => !dims.includes(d));
    const rn = dims.reduce((p, d) => p * xc.shape[d]!, 1);
    for (const op of ['sum', 'max', 'min', 'prod', 'all', 'any'] as const) {
      const src = op === 'prod' ? [xc.div(40).add(1), xg.div(40).add(1)] : op === 'all' || op === 'any' ? [xc.gt(1.99), xg.gt(1.99)] : [xc, xg];
      const outDtype: DType = op === 'all' || op === 'any' ? 'bool' : 'float32';
      const [oc, og] = outs(keptShape, outDtype, keptShape.length >= 2);
      const arg = op === 'max' || op === 'min';
      const [ic, ig] = arg ? outs(keptShape, 'int32', false) : [undefined, undefined];
      js.reduce(op, src[0]!, dims, oc, ic);
      gpu.reduce(op, src[1]!, dims, og, ig);
      // sums: float32 in another order, so within rn ulps of the sum of |x|
      const atol = op === 'sum' ? 2e-7 * rn * 2 : op === 'prod' ? 1e-5 : 0;
      fail(`reduce ${op} over [${dims.join()}]`, compare(og, oc, op === 'prod' ? 1e-4 : 1e-5, atol));
      if (ic && ig) fail(`reduce ${op} indices over [${dims.join()}]`, compare(ig, ic, 0, 0));
    }
  }
  // ties keep the first, a NaN wins; int32 sums
  const t = torch.tensor([[1, 3, 3, 2], [NaN, 5, NaN, 1], [-1, -1, -1, -1]]);
  const [tc, tg] = pair(t);
  for (const op of ['max', 'min'] as const) {
    const [oc, og] = outs([3], 'float32', false);
    const [ic, ig] = outs([3], 'int32', false);
    js.reduce(op, tc, [1], oc, ic);
    gpu.reduce(op, tg, [1], og, ig);
    fail(`reduce ${op} ties/NaN`, compare(og, oc, 0, 0));
    fail(`reduce ${op} ties/NaN indices`, compare(ig, ic, 0, 0));
  }
  const [nc, ng] = pair(torch.randint(-100, 100, [5, 700]));
  const [so1, so2] = outs([5], 'int32', false);
  js.reduce('sum', nc, [1], so1);
  gpu.reduce('sum', ng, [1], so2);
  fail('reduce sum int32 (long rows)', compare(so2, so1, 0, 0));
}

async function checkMemoryOps(): Promise<void> {
  const x = uniform([4, 6], -3, 3).mul(10);
  const [xc, xg] = pair(x, (t) => t.t());
  for (const dtype of ['int32', 'bool', 'float32'] as DType[]) {
    const [oc, og] = outs([6, 4], dtype, true);
    js.copy(xc, oc);
    gpu.copy(xg, og);
    fail(`copy float32 -> ${dtype} (strided both sides)`, compare(og, oc, 0, 0));
    const [bc, bg] = pair(oc.contiguous());
    const [fc, fg] = outs([6, 4], 'float32', false);
    js.copy(bc, fc);
    gpu.copy(bg, fg);
    fail(`copy ${dtype} -> float32`, compare(fg, fc, 0, 0));
  }
  const [fc, fg] = outs([3, 5], 'float32', true);
  js.fill(fc, 2.5);
  gpu.fill(fg, 2.5);
  fail('fill strided', compare(fg, fc, 0, 0));
  // write into a strided view, then read a strided view back
  const base = torch.zeros([4, 5], { device: 'webgpu' });
  const view = base.t().narrow(0, 1, 3); // [3, 4], strided
  gpu.write(view, new Float32Array(Array.from({ length: 12 }, (_, i) => i + 1)));
  const want = torch.zeros([4, 5]);
  js.write(want.t().narrow(0, 1, 3), new Float32Array(Array.from({ length: 12 }, (_, i) => i + 1)));
  fail('write strided', compare(base, want, 0, 0));
  fail('readAsync strided', mismatch(await gpu.readAsync(view), js.read(want.t().narrow(0, 1, 3)), 0, 0));
  fail('alloc is zeroed (after reuse)', mismatch(await torch.zeros([64], { device: 'webgpu' }).add(torch.empty([64], { device: 'webgpu' })).toTypedArrayAsync(), new Float32Array(64), 0, 0));
}

async function checkTensorApi(): Promise<void> {
  const x = torch.tensor([[1.5, -2], [3, 4]]);
  const g = x.to('webgpu');
  fail('x.device', g.device.type === 'webgpu' && String(g.device) === 'webgpu' ? null : String(g.device));
  fail('itemAsync', (await g.sum().itemAsync()) === 6.5 ? null : 'sum != 6.5');
  fail('tolistAsync', JSON.stringify(await g.tolistAsync()) === '[[1.5,-2],[3,4]]' ? null : JSON.stringify(await g.tolistAsync()));
  fail('tolistAsync bool', JSON.stringify(await g.gt(0).tolistAsync()) === '[[true,false],[true,true]]' ? null : 'bool list');
  const back = await g.toAsync('cpu');
  fail('toAsync cpu', back.device.type === 'cpu' ? mismatch(back.toTypedArray(), x.toTypedArray(), 0, 0) : 'not on cpu');
  fail('cpuAsync', mismatch((await g.cpuAsync()).toTypedArray(), x.toTypedArray(), 0, 0));
  fail('toAsync on cpu resolves', (await x.toAsync('cpu')) === x ? null : 'not the same tensor');
  fail('toStringAsync', (await g.toStringAsync()) === "tensor([[ 1.5000, -2.0000],\n        [ 3.0000,  4.0000]], device='webgpu')" ? null : await g.toStringAsync());
  fail('String() placeholder', String(g).includes("device='webgpu'") && String(g).includes('toStringAsync') ? null : String(g));
  fail('item() raises', expect(thrown(() => g.sum().item()), 'await x.itemAsync()'));
  fail('tolist() raises', expect(thrown(() => g.tolist()), 'await x.tolistAsync()'));
  fail('toTypedArray() raises', expect(thrown(() => g.toTypedArray()), 'await x.toTypedArrayAsync()'));
  fail(".to('cpu') raises", expect(thrown(() => g.to('cpu')), "await x.toAsync('cpu')"));
  fail('cpu() raises', expect(thrown(() => g.cpu()), "await x.toAsync('cpu')"));
  fail('float64 raises', expect(thrown(() => x.double().to('webgpu')), "WebGPU doesn't support float64"));
  fail('float64 alloc raises', expect(thrown(() => torch.zeros([2], { device: 'webgpu', dtype: 'float64' })), 'Please use float32'));
  fail('nonzero raises', expect(thrown(() => g.nonzero()), "(await x.toAsync('cpu')).nonzero()"));
  fail('unique raises', expect(thrown(() => torch.unique(g)), 'not available on webgpu'));
  const mixing = 'Expected all tensors to be on the same device, but found at least two devices, webgpu and cpu!';
  fail('mixing add', expect(thrown(() => g.add(x)), mixing));
  fail('mixing add (cpu first)', expect(thrown(() => x.add(g)), mixing));
  fail('mixing add_', expect(thrown(() => g.add_(x)), mixing));
  fail('mixing where', expect(thrown(() => torch.where(g.gt(0), g, x)), mixing));
  fail('mixing addcmul', expect(thrown(() => g.addcmul(x, g)), mixing));
  // 0-dim CPU tensors join a webgpu op, as in PyTorch
  fail('0-dim cpu operand', mismatch(await g.mul(torch.tensor(2)).toTypedArrayAsync(), x.mul(2).toTypedArray(), 0, 0));
  fail('0-dim cpu tensor on the left', mismatch(await torch.tensor(1).sub(g).toTypedArrayAsync(), torch.tensor(1).sub(x).toTypedArray(), 0, 0));
  // the memory budget: past it, allocation raises an error that says to await once per step
  torch.webgpu.setMemoryBudget(torch.webgpu.memoryAllocated() + 2 ** 20);
  const held: Tensor[] = [];
  fail('memory budget raises', expect(thrown(() => { for (let i = 0; i < 8; i++) held.push(torch.zeros([65536], { device: 'webgpu' })); }), 'await once per step'));
  fail('memory budget: nothing allocated past it', torch.webgpu.memoryAllocated() <= torch.webgpu.getMemoryBudget() ? null : 'over budget');
  torch.webgpu.setMemoryBudget(null);
  const z = torch.zeros([2, 3], { device: 'webgpu' });
  fail('creation on webgpu', z.device.type === 'webgpu' ? mismatch(await z.toTypedArrayAsync(), new Float32Array(6), 0, 0) : 'on cpu');
  fail('randn on webgpu', torch.randn([3], { device: 'webgpu' }).device.type === 'webgpu' ? null : 'on cpu');
}

function expect(message: string | null, part: string): string | null {
  if (message === null) return 'did not raise';
  return message.includes(part) ? null : `message "${message}" lacks "${part}"`;
}

async function checkAutograd(): Promise<void> {
  torch.manualSeed(3);
  const x = uniform([4, 5], -1, 1), w = uniform([5], -1, 1);
  const run = (dev: 'cpu' | 'webgpu'): [Tensor, Tensor, Tensor] => {
    const xd = x.to(dev, { copy: true }).requiresGrad_(), wd = w.to(dev, { copy: true }).requiresGrad_();
    const y = xd.mul(wd).tanh().sub(xd.sigmoid().mul(0.5)).pow(2).mean();
    y.backward();
    return [y, xd.grad!, wd.grad!];
  };
  const [yc, gxc, gwc] = run('cpu');
  const [yg, gxg, gwg] = run('webgpu');
  fail('autograd loss', compare(yg, yc));
  fail('autograd x.grad', gxg.device.type === 'webgpu' ? compare(gxg, gxc, 1e-5, 1e-7) : 'grad not on webgpu');
  fail('autograd w.grad', compare(gwg, gwc, 1e-5, 1e-7));
  // a gradient cannot flow back to a CPU leaf (that would be a synchronous read): a clear error
  const a = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
  fail('to(webgpu) backward to a cpu leaf raises', expect(thrown(() => a.to('webgpu').mul(2).sum().backward()), "detach().requiresGrad_()"));
  // a webgpu leaf made from it works
  const b = a.detach().to('webgpu').requiresGrad_();
  b.mul(2).sum().backward();
  fail('webgpu leaf grad', b.grad !== null ? mismatch(await b.grad.toTypedArrayAsync(), new Float32Array([2, 2, 2]), 0, 0) : 'no grad');
}

async function main(): Promise<void> {
  if (!(await torch.webgpu.init())) {
    page.__done({ skipped: thrown(() => torch.zeros([1], { device: 'webgpu' })) });
    return;
  }
  torch.manualSeed(0);
  const ms: Record<string, number> = {};
  for (const [name, f] of [['memory', checkMemoryOps], ['unary', checkUnary], ['binary', checkBinary], ['whereFused', checkWhereFused],
    ['reduce', checkReduce], ['tensorApi', checkTensorApi], ['autograd', checkAutograd]] as const) {
    const t0 = performance.now();
    await Promise.resolve(f());
    ms[name] = Math.round(performance.now() - t0);
  }
  await Promise.all(pending);
  page.__done({ failures, checked, ms, allocated: torch.webgpu.memoryAllocated() });
}


main().catch((e: unknown) => page.__done({ failures: [`threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`], checked }));
