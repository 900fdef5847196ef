/**
 * The pack test's machinery: pack the workspace packages as `npm publish` would, and install the
 * tarballs offline into a fresh project outside the repository, as a user's project.
 *
 * npm 11 resolves a registry range (nn's `fflate`, native's `node-addon-api`) from full
 * packuments, which neither `npm ci`'s cache nor an offline machine has, so those dependencies are
 * packed too, from the copies the repository installed, and given on the same command line: npm
 * then satisfies every dependency from the tarballs and never asks the registry.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The workspace packages, in dependency order. */
export const PACKAGES = ['core', 'nn', 'optim', 'trainer', 'native', 'torchlet'] as const;

export interface Manifest {
  name: string;
  version: string;
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/**
 * The environment for child npm and node runs: npm's own lifecycle variables removed (when jest
 * runs under `npm test` they describe the repository, not the temporary project).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(k) && k.toLowerCase() !== 'npm_config_cache') continue;
    if (k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs a command and returns what it printed; throws with both streams when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): SpawnSyncReturns<string> {
  const res = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`);
  }
  return res;
}

/** The first executable called `name` on PATH (what a shell would run), or null. */
export function which(name: string, pathVar = process.env.PATH ?? ''): string | null {
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** npm, run through this node so a stripped PATH still finds its interpreter. */
export function npmCommand(): [string, string[]] {
  const npm = which('npm');
  if (!npm) throw new Error('npm is not on PATH');
  return [process.execPath, [fs.realpathSync(npm)]];
}

export function npm(args: string[], cwd: string, env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const [cmd, pre] = npmCommand();
  return run(cmd, [...pre, ...args], cwd, env);
}

interface PackResult { name: string; filename: string; files: { path: string }[] }

/** One tarball per workspace package in `dest`; the file list of each, by package name. */
export function packWorkspaces(dest: string): Map<string, { tarball: string; files: string[] }> {
  const ws = PACKAGES.flatMap((p) => ['-w', `packages/${p}`]);
  const out = npm(['pack', '--json', '--pack-destination', dest, ...ws], ROOT).stdout;
  const results = JSON.parse(out) as PackResult[];
  return new Map(results.map((r) => [r.name, { tarball: path.join(dest, r.filename), files: r.files.map((f) => f.path) }]));
}

/** The directory a package's dependency `name` resolves to from `from` (node's lookup). */
function dependencyDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) throw new Error(`${name} (a dependency of ${from}) is not installed`);
  }
}

/**
 * Tarballs of the third-party dependencies of the workspace packages (and theirs), packed from
 * the copies installed in the repository, with their scripts ignored.
 */
export function packThirdParty(dest: string): string[] {
  const seen = new Map<string, string>();
  const queue = PACKAGES.map((p) => path.join(ROOT, 'packages', p));
  while (queue.length > 0) {
    const dir = queue.shift()!;
    for (const dep of Object.keys(readManifest(dir).dependencies ?? {})) {
      if (dep === 'torchlet' || dep.startsWith('@torchlet/')) continue;
      const depDir = dependencyDir(dep, dir);
      if (seen.has(depDir)) continue;
      seen.set(depDir, dep);
      queue.push(depDir);
    }
  }
  if (seen.size === 0) return [];
  const out = npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dest, ...seen.keys()], dest).stdout;
  return (JSON.parse(out) as PackResult[]).map((r) => path.join(dest, r.filename));
}

/** A fresh project in `dir` with the tarballs installed offline; TORCHLET_NATIVE=0 skips the addon. */
export function installProject(dir: string, tarballs: string[]): SpawnSyncReturns<string> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'pack-consumer', version: '1.0.0', private: true }, null, 2));
  return npm(['install', '--offline', '--no-audit', '--no-fund', ...tarballs], dir, cleanEnv({ TORCHLET_NATIVE: '0' }));
}

/** Every file an `exports` map can resolve to (conditions nested or not). */
export function exportTargets(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField as Record<string, unknown>).flatMap(exportTargets);
}
