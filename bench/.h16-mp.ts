import * as core from '@torchlet/core';
import * as nn from '@torchlet/nn';
import '@torchlet/native';
import { getBackend } from '@torchlet/core/backend';
core.setNumThreads(1);
const be = getBackend('native') as any;
const orig = be.maxPool2d;
let calls = 0;
const js = getBackend('js') as any; const jsOrig = js.maxPool2d; js.maxPool2d = (...a: unknown[]) => { calls++; return jsOrig(...a); };
const x = core.randn(64, 8, 26, 26).relu();
const F = nn.functional as any;
for (let r = 0; r < 5; r++) { const t0 = performance.now(); for (let i = 0; i < 20; i++) F.maxPool2d(x, 2); console.log(((performance.now() - t0) / 20 * 1000).toFixed(0), 'us per maxPool2d op; js fallback calls', calls); }
const g = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], outSize: [13, 13] };
const v = core.zeros(512, 169), idx = core.zeros([512, 169], { dtype: 'int32' }); const xv = x.view([512, 26, 26]);
for (let r = 0; r < 3; r++) { const t0 = performance.now(); for (let i = 0; i < 20; i++) orig(xv, g, v, idx); console.log(((performance.now() - t0) / 20 * 1000).toFixed(0), 'us per raw kernel'); }
