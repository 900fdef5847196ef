import * as torch from 'torchlet';
const { nn } = torch;
function time(f: () => void, reps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return ((performance.now() - t0) / reps) * 1000; // µs
}
function median(a: number[]): number { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]!; }
function ab(name: string, f32: () => void, f64: () => void, reps: number): void {
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < 3; i++) { f32(); f64(); }
  for (let r = 0; r < 7; r++) { a.push(time(f32, reps)); b.push(time(f64, reps)); }
  console.log(`${name}: int32 ${median(a).toFixed(1)} µs, int64 ${median(b).toFixed(1)} µs (x${(median(b) / median(a)).toFixed(2)})`);
}
for (const backend of ['js', 'auto']) {
  torch.setBackend(backend);
  console.log(`--- backend ${backend}`);
  const logits = torch.randn(64, 10), y32 = torch.randint(0, 10, [64]), y64 = y32.long();
  ab('cross_entropy [64,10]', () => nn.functional.crossEntropy(logits, y32), () => nn.functional.crossEntropy(logits, y64), 2000);
  const lr = torch.randn(64, 10, { requiresGrad: true });
  ab('cross_entropy fwd+bwd [64,10]', () => nn.functional.crossEntropy(lr, y32).backward(), () => nn.functional.crossEntropy(lr, y64).backward(), 1000);
  const big = torch.randn(10000, 10), l32 = torch.randint(0, 10, [10000]), l64 = l32.long();
  ab('accuracy argmax+eq+sum [10000,10]', () => big.argmax(1).eq(l32).sum().item(), () => big.argmax(1).eq(l64).sum().item(), 50);
  const table = torch.randn(1000, 4), i32 = torch.randint(0, 1000, [1_000_000]), i64 = i32.long();
  ab('index_select 1e6 indices of [1000,4]', () => table.indexSelect(0, i32), () => table.indexSelect(0, i64), 3);
  const v32 = torch.randint(0, 1000, [1_000_000]), v64 = v32.long();
  ab('add 1e6 integers', () => v32.add(v32), () => v64.add(v64), 10);
  ab('sum 1e6 integers', () => v32.sum(), () => v64.sum(), 10);
}
