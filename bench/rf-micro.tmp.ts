import { Generator } from '../packages/core/src/random/generator';
import { normalF32, uniformF32 } from '../packages/core/src/random/distributions';
const N = 1_000_000;
const g = new Generator(0);
const out = new Float32Array(N);
function t(name: string, f: () => unknown, reps = 15) {
  f(); let best = Infinity;
  for (let i = 0; i < reps; i++) { const s = performance.now(); f(); best = Math.min(best, performance.now() - s); }
  console.log(name, best.toFixed(2), 'ms min', (best * 1e6 / N).toFixed(1), 'ns/value');
}
t('uniformF32 (0,1)', () => uniformF32(g, out));
t('uniformF32 (-2,3)', () => uniformF32(g, out, -2, 3));
t('normalF32', () => normalF32(g, out));
t('nextUint32 x1e6', () => { let s = 0; for (let i = 0; i < N; i++) s ^= g.random(); return s; });
