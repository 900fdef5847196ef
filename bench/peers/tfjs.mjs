// tfjs peer: the same workloads as bench/workloads (W1-W4; W2 at batch 128, W3 at n = 512) on tfjs 4.22, backend 'cpu' or 'wasm'
// (XNNPACK SIMD, .wasm loaded from the installed package: no network). Prints one JSON line.
// Usage: node bench/peers/tfjs.mjs --backend cpu|wasm [--quick]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFlags, sampleCalls, timeRuns } from './timing.mjs';

const require = createRequire(import.meta.url);
const flags = parseFlags(process.argv.slice(2));
const tf = require('@tensorflow/tfjs');
if (flags.backend === 'wasm') {
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  wasm.setWasmPaths(pathToFileURL(dist + '/').href.replace('file://', ''));
  wasm.setThreadsCount?.(1);
}
await tf.setBackend(flags.backend);
await tf.ready();
const quick = flags.quick;

function mlp(sizes, rng) {
  const params = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const bound = 1 / Math.sqrt(sizes[i]);
    params.push(tf.variable(tf.randomUniform([sizes[i], sizes[i + 1]], -bound, bound, 'float32', rng + i)));
    params.push(tf.variable(tf.randomUniform([sizes[i + 1]], -bound, bound, 'float32', rng + 10 + i)));
  }
  const forward = (x) => {
    let h = x;
    for (let i = 0; i < params.length; i += 2) {
      h = tf.add(tf.matMul(h, params[i]), params[i + 1]);
      if (i + 2 < params.length) h = tf.relu(h);
    }
    return h;
  };
  return { params, forward };
}

/** One training step: forward, softmax cross-entropy (mean), backward, SGD. */
function trainer(forward, params, x, labels, classes) {
  const opt = tf.train.sgd(0.01);
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
  return () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(onehot, forward(x)), true, params);
    loss.dataSync();
    loss.dispose();
  };
}

function w1() {
  const x = tf.tensor2d([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]]);
  const { params, forward } = mlp([2, 5, 3], 1);
  const step = trainer(forward, params, x, [0, 1, 2, 0, 0, 2], 3);
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) step();
  const first1000 = (performance.now() - t0) * 1000 / 1000;
  const warm = Math.min(...timeRuns(step, quick ? 200 : 2000, 5)) * 1000;
  return { W1: warm, W1first: first1000 };
}

function w2() {
  const x = tf.randomNormal([128, 784], 0, 1, 'float32', 3);
  const labels = Array.from({ length: 128 }, (_, i) => (i * 7) % 10);
  const { params, forward } = mlp([784, 256, 10], 2);
  const step = trainer(forward, params, x, labels, 10);
  for (let i = 0; i < 3; i++) step();
  return { W2: Math.min(...timeRuns(step, quick ? 2 : 10, 5)) };
}

function w3() {
  const n = 512;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 4), b = tf.randomUniform([n, n], -1, 1, 'float32', 5);
  const run = () => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
  const s = sampleCalls(run, quick ? 600 : 1500, quick ? 5 : 15);
  return { W3: 2 * n ** 3 / s.best / 1e6, W3median: 2 * n ** 3 / s.median / 1e6 };
}

function w4() {
  // NHWC: tfjs' native layout. Conv 1->8 3x3, ReLU, MaxPool 2, Linear 1352 -> 10.
  const x = tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 6);
  const labels = Array.from({ length: 64 }, (_, i) => (i * 3) % 10);
  const kb = 1 / 3, lb = 1 / Math.sqrt(1352);
  const params = [
    tf.variable(tf.randomUniform([3, 3, 1, 8], -kb, kb, 'float32', 7)), tf.variable(tf.randomUniform([8], -kb, kb, 'float32', 8)),
    tf.variable(tf.randomUniform([1352, 10], -lb, lb, 'float32', 9)), tf.variable(tf.randomUniform([10], -lb, lb, 'float32', 10)),
  ];
  // tfjs-backend-wasm registers no Conv2DBackpropFilter kernel: there the filter gradient is
  // itself a wasm conv2d (input as [Ci,H,W,N] convolved with dy as an [oh,ow,N,Co] filter).
  const conv = flags.backend !== 'wasm' ? (input, w) => tf.conv2d(input, w, 1, 'valid') : tf.customGrad((input, w, save) => {
    save([input]);
    return {
      value: tf.conv2d(input, w, 1, 'valid'),
      gradFunc: (dy, [saved]) => [
        tf.zerosLike(saved),
        tf.transpose(tf.conv2d(tf.transpose(saved, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid'), [1, 2, 0, 3]),
      ],
    };
  });
  const forward = (input) => {
    const c = tf.relu(tf.add(conv(input, params[0]), params[1]));
    const p = tf.maxPool(c, 2, 2, 'valid');
    return tf.add(tf.matMul(tf.reshape(p, [64, 1352]), params[2]), params[3]);
  };
  const step = trainer(forward, params, x, labels, 10);
  for (let i = 0; i < 3; i++) step();
  const note = flags.backend === 'wasm' ? { W4note: 'filter gradient as a wasm conv2d (no Conv2DBackpropFilter kernel in tfjs-backend-wasm)' } : {};
  return { W4: Math.min(...timeRuns(step, quick ? 3 : 20, 5)), ...note };
}

const only = flags.only ? new Set(flags.only.split(',')) : null;
const out = {};
for (const [name, fn] of [['W1', w1], ['W2', w2], ['W3', w3], ['W4', w4]]) {
  if (only && !only.has(name)) continue;
  try {
    Object.assign(out, fn());
  } catch (err) {
    out[`${name}Error`] = String(err.message ?? err).split('\n')[0];
  }
}
out.rssMB = process.memoryUsage().rss / 2 ** 20;
console.log(JSON.stringify(out));
