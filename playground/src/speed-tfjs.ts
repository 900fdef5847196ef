/**
 * The speed panel's peer: bench/peers/tfjs.mjs's W2 and W4 written again for the page (that file
 * is a Node script), on tfjs 4.22's 'cpu' and 'webgpu' backends. Loaded by speed.ts only when the
 * benchmark runs, so the worker does not start tfjs otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { w2Labels, w4Labels } from '../../bench/workloads';
import type { Workload } from './messages';
import type { Step } from './speed';

/** Why the table has no tfjs wasm row. */
export const TFJS_WASM_NOTE = "not measured here: @tensorflow/tfjs-backend-wasm is only a bench peer (bench/package.json), not installed for the page";

/** The tfjs backends measured: its plain-JS 'cpu', and 'webgpu' when the page has an adapter. */
export function tfjsBackends(webgpu: boolean): string[] {
  return webgpu ? ['cpu', 'webgpu'] : ['cpu'];
}

/** The previous workload's tensors (tfjs frees memory only when told to). */
let previous: tf.Tensor[] = [];

/** W2: 784 -> 256 (ReLU) -> 10, PyTorch's uniform init bounds. */
function w2(): { params: tf.Variable[]; x: tf.Tensor; forward: (x: tf.Tensor) => tf.Tensor; labels: number[] } {
  const params: tf.Variable[] = [];
  const sizes = [784, 256, 10];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const bound = 1 / Math.sqrt(sizes[i]!);
    params.push(tf.variable(tf.randomUniform([sizes[i]!, sizes[i + 1]!], -bound, bound, 'float32', 2 + i)));
    params.push(tf.variable(tf.randomUniform([sizes[i + 1]!], -bound, bound, 'float32', 12 + i)));
  }
  const [w1, b1, w2, b2] = params as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const forward = (x: tf.Tensor): tf.Tensor => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
  return { params, x: tf.randomNormal([128, 784], 0, 1, 'float32', 3), forward, labels: w2Labels() };
}

/** W4 in tfjs's NHWC layout: conv 1->8 3x3, ReLU, max-pool 2, linear 1352 -> 10. */
function w4(): ReturnType<typeof w2> {
  const kb = 1 / 3, lb = 1 / Math.sqrt(1352);
  const params = [
    tf.variable(tf.randomUniform([3, 3, 1, 8], -kb, kb, 'float32', 7)), tf.variable(tf.randomUniform([8], -kb, kb, 'float32', 8)),
    tf.variable(tf.randomUniform([1352, 10], -lb, lb, 'float32', 9)), tf.variable(tf.randomUniform([10], -lb, lb, 'float32', 10)),
  ];
  const [k, kBias, w, b] = params as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const forward = (x: tf.Tensor): tf.Tensor => {
    const c = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'valid'), kBias));
    const p = tf.maxPool(c as tf.Tensor4D, 2, 2, 'valid');
    return tf.add(tf.matMul(tf.reshape(p, [64, 1352]), w), b);
  };
  return { params, x: tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 6), forward, labels: w4Labels() };
}

/** One SGD step (lr 0.01) of softmax cross-entropy on `backend`, ended by `await loss.data()`. */
export async function tfjsStep(backend: string, workload: Workload): Promise<Step> {
  tf.dispose(previous);
  previous = [];
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend`);
  await tf.ready();
  const { params, x, forward, labels } = workload === 'W2' ? w2() : w4();
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  previous = [...params, x, onehot];
  const optimizer = tf.train.sgd(0.01);
  return async () => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(onehot, forward(x)), true, params);
    if (loss === null) throw new Error('tfjs returned no loss');
    const [value] = await loss.data();
    loss.dispose();
    return value!;
  };
}
