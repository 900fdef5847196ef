import { Generator } from '../packages/core/src/random/generator';
import { normalF32, uniformF32 } from '../packages/core/src/random/distributions';
import { setRandomKernels } from '../packages/core/src/random/kernels';
import '../packages/native/src/index';
const prev = setRandomKernels(null);
console.log('kernels', prev?.name);
let bad = 0;
for (const seed of [0, 1, 42, 12345]) for (const n of [16, 17, 255, 256, 623, 624, 625, 1000, 100003]) {
  for (const [m, s] of [[0, 1], [0.5, 2.5]]) {
    const a = new Float32Array(n), b = new Float32Array(n);
    const ga = new Generator(seed), gb = new Generator(seed);
    ga.random(); gb.random();
    setRandomKernels(null); normalF32(ga, a, m, s); uniformF32(ga, a.subarray(0, 300), -m, s);
    setRandomKernels(prev); normalF32(gb, b, m, s); uniformF32(gb, b.subarray(0, 300), -m, s);
    for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) { bad++; if (bad < 5) console.log('diff', seed, n, i, a[i], b[i]); }
    if (ga.random() !== gb.random()) { bad++; console.log('state diff', seed, n); }
  }
}
console.log('bad', bad);
const N = 1_000_000; const out = new Float32Array(N); const g = new Generator(0);
function t(name: string, f: () => unknown, reps = 15) {
  f(); let best = Infinity;
  for (let i = 0; i < reps; i++) { const s = performance.now(); f(); best = Math.min(best, performance.now() - s); }
  console.log(name, best.toFixed(2), 'ms min');
}
for (const k of [null, prev]) {
  setRandomKernels(k);
  t(`${k?.name ?? 'ts'} normalF32`, () => normalF32(g, out));
  t(`${k?.name ?? 'ts'} uniformF32`, () => uniformF32(g, out));
  t(`${k?.name ?? 'ts'} uniformF32(-2,3)`, () => uniformF32(g, out, -2, 3));
}
