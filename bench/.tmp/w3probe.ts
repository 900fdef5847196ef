import * as core from '@torchlet/core';
const mode = process.argv[2] ?? 'fresh';
const backend = process.argv[3] ?? 'native';
async function main() {
  if (backend === 'native') await import('@torchlet/native' as string);
  core.setBackend(backend);
  if (mode === 'after') {
    const nn = await import('@torchlet/nn'); const optim = await import('@torchlet/optim');
    core.manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
    const opt = new optim.SGD(model.parameters(), { lr: 0.01 }); const crit = new nn.CrossEntropyLoss();
    const x = core.randn(128, 784), y = core.tensor(Array.from({ length: 128 }, (_, i) => (i * 7) % 10));
    for (let i = 0; i < 50; i++) { opt.zeroGrad(); const l = crit(model(x), y); l.backward(); opt.step(); l.item(); }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (mode === 'sleep') await new Promise((r) => setTimeout(r, 50));
  if (mode === 'spin') { const a0 = core.rand(512, 512); for (let i = 0; i < 40; i++) a0.mm(a0); }
  const n = Number(process.argv[4] ?? 512);
  core.manualSeed(0);
  const a = core.rand(n, n), b = core.rand(n, n);
  const per: number[] = [];
  for (let i = 0; i < 40; i++) { const t0 = performance.now(); a.mm(b); per.push(performance.now() - t0); }
  const g = per.map((ms) => (2 * n ** 3 / ms / 1e6));
  console.log(mode, backend, 'first5', g.slice(0, 5).map((v) => v.toFixed(0)).join(' '), '| sorted', [...g.slice(5)].sort((x, y) => x - y).map((v) => v.toFixed(0)).join(' '));
}
void main();
