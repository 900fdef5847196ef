/**
 * `npm run bench [-- --quick] [--only W1,W3] [--rounds N] [--no-peers] [--no-memory] [--source]`:
 * measures the machine's FMA peak, runs W1-W5 and the random fills on torchlet (each backend and
 * thread count) and on the peers (PyTorch, tfjs cpu and wasm), each configuration in its own
 * process (N rounds of them, interleaved), prints one table with issue 13's targets as MET / MISS,
 * and writes bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { median, parseFlags } from './timing';
import { measurePeak } from './peak';
import { formatReport, type Column, type Metrics } from './report';

const root = join(__dirname, '..');
const flags = parseFlags(process.argv.slice(2));
const quick = flags.quick === true;
const common = [...(quick ? ['--quick'] : []), ...(typeof flags.only === 'string' ? ['--only', flags.only] : [])];

interface Job {
  name: string;
  cmd: string;
  args: string[];
  /** Why the column is missing when it cannot run. */
  skip?: string;
}

/**
 * torchlet runs from the compiled packages (dist/, as users get them) unless --source: running
 * sources through tsx adds its module getters and keepNames wrappers to every call.
 */
let fromSource = flags.source === true;

function buildDist(): void {
  if (fromSource) return;
  console.error('building packages (tsc -b) ...');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('tsc -b failed: timing the TypeScript sources instead');
    fromSource = true;
  }
}

function torchletJob(name: string, backend: string, extra: string[] = []): Job {
  const cond = fromSource ? ['--conditions=torchlet-source'] : [];
  const args = ['--expose-gc', ...cond, '--import', 'tsx', 'bench/torchlet.ts', '--backend', backend, ...extra, ...common];
  return { name, cmd: process.execPath, args };
}

/** Installs bench/package.json's peers (tfjs) once, without running install scripts. */
function ensureTfjs(): string | undefined {
  if (existsSync(join(root, 'bench/node_modules/@tensorflow/tfjs-backend-wasm'))) return undefined;
  console.error('installing the tfjs peers into bench/node_modules ...');
  const r = spawnSync('npm', ['install', '--prefix', 'bench', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  return r.status === 0 ? undefined : 'npm install --prefix bench failed (offline?)';
}

function hasTorch(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function hasNative(): boolean {
  return existsSync(join(root, 'packages/native/package.json'));
}

/**
 * The columns, in the order they run: torchlet native (the Node default when the addon built:
 * `import 'torchlet'` loads it), torchlet auto (the portable default: browsers, Node without the
 * addon), then the other backends and the peers. The default column runs the memory soak; a
 * fresh wasm process the large product (WASM_MEMORY: its figures join the auto column).
 */
const WASM_MEMORY = 'wasm memory';

function jobs(): Job[] {
  const threads = String(Math.min(availableParallelism(), 8));
  const soak = flags['no-memory'] === true ? [] : ['--memory'];
  const native = hasNative();
  const list: Job[] = [
    native ? torchletJob('torchlet native', 'native', soak) : { ...torchletJob('torchlet native', 'native'), skip: 'packages/native not present' },
    torchletJob('torchlet auto', 'auto', native ? [] : soak),
    torchletJob('torchlet wasm 1t', 'wasm', ['--threads', '1']),
    torchletJob(`torchlet wasm ${threads}t`, 'wasm', ['--threads', threads]),
  ];
  if (flags['no-memory'] !== true && (typeof flags.only !== 'string' || flags.only.split(',').includes('memory'))) {
    list.push(torchletJob(WASM_MEMORY, 'wasm', ['--wasm-memory', '--only', 'memory']));
  }
  if (flags['no-peers'] === true) return [...list, torchletJob('torchlet js', 'js')];
  const torch = hasTorch() ? undefined : "/usr/bin/python3 -c 'import torch' failed";
  const py = (name: string, extra: string[]): Job => ({ name, cmd: '/usr/bin/python3', args: ['bench/peers/torch_bench.py', ...extra, ...common], skip: torch });
  list.push(py('PyTorch 1t', ['--threads', '1']), py(`PyTorch ${threads}t`, ['--threads', threads]), torchletJob('torchlet js', 'js'));
  const tfSkip = ensureTfjs();
  for (const b of ['cpu', 'wasm']) {
    list.push({ name: `tfjs ${b}`, cmd: process.execPath, args: ['bench/peers/tfjs.mjs', '--backend', b, ...common], skip: tfSkip });
  }
  return list;
}

/** Runs one column's process and parses the JSON line it prints last. */
function run(job: Job): Column {
  if (job.skip) return { name: job.name, metrics: {}, note: job.skip };
  console.error(`running ${job.name} ...`);
  const t0 = Date.now();
  const r = spawnSync(job.cmd, job.args, { cwd: root, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  let metrics: Metrics = {};
  let note: string | undefined;
  try {
    metrics = line ? (JSON.parse(line) as Metrics) : {};
  } catch {
    note = 'unparsable output';
  }
  if (typeof metrics.error === 'string') note = metrics.error;
  else if (!line) note = (r.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}`).slice(0, 120);
  console.error(`  ${job.name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { name: job.name, metrics, note };
}

/**
 * Per metric, the median over rounds (numbers; W3's GFLOPS: the best, as within a round) or the
 * first value (strings); notes from any round.
 */
function mergeRounds(rounds: Column[]): Column {
  const keys = new Set(rounds.flatMap((c) => Object.keys(c.metrics)));
  const metrics: Metrics = {};
  for (const k of keys) {
    const vals = rounds.map((c) => c.metrics[k]);
    const nums = vals.filter((v): v is number => typeof v === 'number');
    metrics[k] = !nums.length ? vals.find((v) => v !== undefined) : /^W3(n\d+)?$/.test(k) ? Math.max(...nums) : median(nums);
  }
  const note = rounds.map((c) => c.note).find((n) => n !== undefined);
  return { name: rounds[0]!.name, metrics, note };
}

function main(): void {
  const load0 = loadavg()[0]!;
  buildDist();
  const cores = availableParallelism();
  console.error('measuring the FMA peak ...');
  const peak = measurePeak(cores);
  const rounds = Math.max(1, Number(flags.rounds ?? 1) || 1);
  const list = jobs();
  const runs: Column[][] = list.map(() => []);
  for (let r = 0; r < rounds; r++) list.forEach((job, i) => runs[i]!.push(run(job)));
  const merged = runs.map(mergeRounds);
  const mem = merged.find((c) => c.name === WASM_MEMORY);
  const columns = merged.filter((c) => c !== mem).map((c) => (c.name === 'torchlet auto' && mem ? { ...c, metrics: { ...mem.metrics, ...c.metrics } } : c));
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown', cores, node: process.version, rounds,
    loadAverageStart: load0, loadAverageEnd: loadavg()[0]!, torchletFrom: fromSource ? 'sources (tsx)' : 'dist (tsc -b)',
  };
  console.log(formatReport(columns, machine, peak, quick));
  const out = { date: new Date().toISOString(), quick, machine, peak, columns, rounds: rounds > 1 ? runs : undefined };
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(out, null, 2) + '\n');
  console.log('wrote bench/results.json');
}

main();
