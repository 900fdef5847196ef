import * as core from '@torchlet/core';
core.setBackend(process.argv[2] ?? 'auto');
const a = core.rand(512, 512);
for (let i = 0; i < 3; i++) { const t = performance.now(); a.mm(a); console.log(core.backendName(), (performance.now() - t).toFixed(1)); }
