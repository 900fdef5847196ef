/**
 * The packages as a user gets them: build, `npm pack` every package, install the tarballs offline
 * into a fresh project outside the repository, then run a CommonJS script, an ES module, a
 * TypeScript file under `tsc --strict` (node16 and bundler resolution), a bundler, and the native
 * addon's install script skipped and failing (and, with TORCHLET_PACK_NATIVE=1, building). The
 * training run's losses must equal what the same code gives from the sources here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build as esbuild, transformSync } from 'esbuild';
import * as torch from 'torchlet';
import { train } from './fixtures/train';
import {
  PACKAGES, ROOT, cleanEnv, exportTargets, installProject, npm, npmCommand, packThirdParty, packWorkspaces,
  readManifest, run, which,
} from './packing';

const FIXTURES = path.join(__dirname, 'fixtures');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const hasBrowserBuild = readManifest(ROOT).scripts?.['build:browser'] !== undefined;

let work = '';
let project = '';
let packed = new Map<string, { tarball: string; files: string[] }>();
let expectedLosses: number[] = [];

/** Runs `node <file>` in the project and parses the JSON line it prints. */
function runNode(file: string, env = cleanEnv()): Record<string, unknown> {
  const out = run(process.execPath, [file], project, env).stdout.trim().split('\n');
  return JSON.parse(out[out.length - 1]!) as Record<string, unknown>;
}

beforeAll(() => {
  // The repository's own commands need no build; tarballs ship dist/, so build it (quick when fresh).
  run(process.execPath, [TSC, '-b'], ROOT);
  if (hasBrowserBuild) npm(['run', 'build:browser'], ROOT);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-pack-'));
  const tarballs = path.join(work, 'tarballs');
  fs.mkdirSync(tarballs);
  packed = packWorkspaces(tarballs);
  const thirdParty = packThirdParty(tarballs);
  project = path.join(work, 'project');
  installProject(project, [...[...packed.values()].map((p) => p.tarball), ...thirdParty]);

  // train.ts as the modules a user's build would emit, shared by the scripts below
  const trainTs = fs.readFileSync(path.join(FIXTURES, 'train.ts'), 'utf8');
  for (const format of ['cjs', 'esm'] as const) {
    const { code } = transformSync(trainTs, { loader: 'ts', format, target: 'es2022' });
    fs.writeFileSync(path.join(project, format === 'cjs' ? 'train.cjs' : 'train.mjs'), code);
  }
  fs.writeFileSync(path.join(project, 'main.cjs'), [
    "const torch = require('torchlet');",
    "const { isNativeAvailable } = require('@torchlet/native');",
    "const { train } = require('./train.cjs');",
    'const losses = train(torch);',
    'console.log(JSON.stringify({ losses, backend: torch.backendName(), native: isNativeAvailable(),',
    "  resolved: ['torchlet', '@torchlet/core', '@torchlet/nn'].map((m) => require.resolve(m)) }));",
  ].join('\n'));
  fs.writeFileSync(path.join(project, 'main.mjs'), [
    "import { createRequire } from 'node:module';",
    "import * as torch from 'torchlet';",
    "import { nn, optim, manualSeed, tensor } from 'torchlet';",
    "import { Linear } from '@torchlet/nn';",
    "import { train } from './train.mjs';",
    'const cjs = createRequire(import.meta.url)(\'torchlet\');',
    'console.log(JSON.stringify({',
    '  losses: train(torch),',
    '  sameNamespaces: nn === torch.nn && optim === torch.optim && manualSeed === cjs.manualSeed,',
    '  oneLinear: new nn.Linear(2, 1) instanceof Linear,',
    '  missingNamedExports: Object.keys(cjs).filter((k) => !(k in torch)),',
    '  named: Object.keys(torch).length,',
    '  sum: tensor([[1, 2], [3, 4]]).float().exp().sum().item(),',
    '}));',
  ].join('\n'));
  expectedLosses = train(torch);
}, 240_000);

afterAll(() => {
  if (work && !process.env.TORCHLET_KEEP_PACK) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  test.each(PACKAGES)('%s: the tarball holds what its package.json points at, and no build leftovers', (dir) => {
    const manifest = readManifest(path.join(ROOT, 'packages', dir));
    const files = new Set(packed.get(manifest.name)!.files);
    const targets = [manifest.main!, manifest.types!, ...exportTargets(manifest.exports)]
      .map((t) => t.replace(/^\.\//, ''))
      .filter((t) => !t.startsWith('dist/browser/') || hasBrowserBuild);
    expect(targets.filter((t) => !files.has(t))).toEqual([]);
    expect([...files].filter((f) => /(^|\/)(test|build|node_modules)\/|\.tsbuildinfo$/.test(f))).toEqual([]);
    expect(manifest).toMatchObject({
      license: 'MIT', engines: { node: '>=20.19' }, repository: { type: 'git', directory: `packages/${dir}` },
    });
    expect(typeof manifest.description).toBe('string');
    expect((manifest.keywords as string[]).length).toBeGreaterThan(2);
    // the repository's tooling resolves sources through the first condition of every entry
    for (const entry of Object.values(manifest.exports!)) {
      if (typeof entry === 'object') expect(Object.keys(entry as object)[0]).toBe('torchlet-source');
    }
  });

  test('the umbrella depends on the exact versions of the packages packed beside it', () => {
    const deps = readManifest(path.join(ROOT, 'packages', 'torchlet')).dependencies!;
    for (const dir of PACKAGES.filter((p) => p !== 'torchlet')) {
      const { name, version } = readManifest(path.join(ROOT, 'packages', dir));
      expect(deps[name]).toBe(version);
    }
  });
});

describe('installed from the tarballs', () => {
  test('CommonJS: require("torchlet") trains 3 SGD steps to the losses the sources give', () => {
    const out = runNode('main.cjs');
    expect(expectedLosses).toHaveLength(4);
    expect(expectedLosses[3]!).toBeLessThan(expectedLosses[0]!);
    expect(out.losses).toEqual(expectedLosses);
    expect(out.native).toBe(false); // TORCHLET_NATIVE=0 at install
    expect(out.backend).toBe('auto');
    // from the project's node_modules, not from the repository
    for (const file of out.resolved as string[]) expect(fs.realpathSync(file).startsWith(fs.realpathSync(project))).toBe(true);
  }, 30_000);

  test('ES module: import * as torch and import { nn } from "torchlet" (Node\'s named exports of CommonJS)', () => {
    const out = runNode('main.mjs');
    expect(out.losses).toEqual(expectedLosses);
    expect(out.sameNamespaces).toBe(true);
    expect(out.oneLinear).toBe(true);
    expect(out.missingNamedExports).toEqual([]);
    expect(out.named).toBeGreaterThan(300);
    expect(out.sum).toBeCloseTo(Math.E + Math.exp(2) + Math.exp(3) + Math.exp(4), 4);
  }, 30_000);

  // node16 also checks every shipped .d.ts (no @types/node in the project); bundler resolves the
  // same files, so it skips that repeat
  test.each([
    ['node16', ['--module', 'node16', '--moduleResolution', 'node16']],
    ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler', '--skipLibCheck']],
  ])('TypeScript: tsc --strict --noEmit with moduleResolution %s against the shipped types', (_name, flags) => {
    for (const f of ['consumer.mts', 'train.ts']) fs.copyFileSync(path.join(FIXTURES, f), path.join(project, f));
    const res = run(process.execPath, [TSC, '--strict', '--noEmit', '--target', 'es2022', ...flags, 'consumer.mts', 'train.ts'], project);
    expect(res.stdout + res.stderr).toBe('');
  }, 60_000);

  test('a bundler: esbuild takes node.js for Node and, when built, the browser build for browsers', async () => {
    const entry = path.join(project, 'bundle-entry.mjs');
    fs.writeFileSync(entry, "import * as torch from 'torchlet';\nimport { train } from './train.mjs';\nconsole.log(JSON.stringify(train(torch)));\n");
    const inputsFor = async (platform: 'node' | 'browser', outfile: string): Promise<string[]> => {
      const res = await esbuild({
        entryPoints: [entry], bundle: true, format: 'esm', platform, outfile, metafile: true, logLevel: 'silent',
        external: platform === 'node' ? ['@torchlet/native'] : [], absWorkingDir: project,
      });
      return Object.keys(res.metafile.inputs).filter((f) => f.includes('node_modules/torchlet/'));
    };
    expect(await inputsFor('node', path.join(project, 'out-node.mjs'))).toContain('node_modules/torchlet/dist/node.js');
    if (!hasBrowserBuild) {
      console.warn('pack test: no build:browser script yet, the browser condition was not bundled');
      return;
    }
    // The browser build is self-contained: nothing else of torchlet's packages enters the bundle.
    expect(await inputsFor('browser', path.join(project, 'out-browser.mjs'))).toEqual(['node_modules/torchlet/dist/browser/torchlet.js']);
    const losses = run(process.execPath, ['out-browser.mjs'], project).stdout.trim();
    expect(JSON.parse(losses)).toEqual(expectedLosses);
  }, 60_000);
});

describe('the native addon\'s install script', () => {
  /** `npm rebuild @torchlet/native` in the project (npm 11 first needs the script approved). */
  function rebuildNative(env: NodeJS.ProcessEnv): string {
    const res = npm(['rebuild', '@torchlet/native', '--foreground-scripts', '--offline'], project, env);
    return res.stdout + res.stderr;
  }

  beforeAll(() => {
    // npm 11 runs a dependency's install script only once approved; older npm has no such command
    // (and runs it anyway): the tests below fail if the script did not run
    const [cmd, pre] = npmCommand();
    spawnSync(cmd, [...pre, 'install-scripts', 'approve', '@torchlet/native'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
  }, 30_000);

  test('TORCHLET_NATIVE=0 skips the build', () => {
    expect(rebuildNative(cleanEnv({ TORCHLET_NATIVE: '0' }))).toContain('[@torchlet/native] build skipped (TORCHLET_NATIVE=0)');
  }, 30_000);

  test('without a compiler on PATH the build fails, the install succeeds with a warning, and torchlet still runs', () => {
    // a PATH with node, sh, make and python but no g++ (nor the rest of a toolchain)
    const bin = path.join(work, 'bare-bin');
    fs.mkdirSync(bin, { recursive: true });
    const links: [string, string | null][] = [['node', process.execPath], ['sh', which('sh')], ['make', which('make')]];
    const python = which('python3');
    if (python) {
      const real = run(python, ['-c', 'import sys; print(sys.executable)'], work).stdout.trim();
      links.push(['python3', real]);
    }
    for (const [name, target] of links) if (target && !fs.existsSync(path.join(bin, name))) fs.symlinkSync(target, path.join(bin, name));
    const out = rebuildNative(cleanEnv({ PATH: bin }));
    expect(out).toContain('[@torchlet/native] WARNING: the native addon could not be built');
    expect(out).toContain('Rebuild with: npm rebuild @torchlet/native');
    const res = runNode('main.cjs');
    expect(res.native).toBe(false);
    expect(res.losses).toEqual(expectedLosses);
  }, 60_000);

  // A full -O3 build takes 20 s on an idle machine and minutes on a busy one: opt in (needs g++).
  const buildsNative = process.env.TORCHLET_PACK_NATIVE === '1' ? test : test.skip;
  buildsNative('with g++ the addon builds in the user\'s project and becomes the backend (TORCHLET_PACK_NATIVE=1)', () => {
    const out = rebuildNative(cleanEnv());
    expect(out).toMatch(/\[@torchlet\/native\] built build\/Release\/torchlet_native\.node/);
    const res = runNode('main.cjs');
    expect(res.native).toBe(true);
    expect(res.backend).toBe('native');
    expect(res.losses).toEqual(expectedLosses);
  }, 180_000);
});
