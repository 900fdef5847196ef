import { Generator } from '../packages/core/src/random/generator';
import { normalF32 } from '../packages/core/src/random/distributions';
const g = new Generator(0);
const out = new Float32Array(1_000_000);
for (let i = 0; i < 30; i++) normalF32(g, out);
