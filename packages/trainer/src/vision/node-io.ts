/**
 * The Node APIs the datasets use (files, gunzip, md5, a synchronous download), reached through
 * `process.getBuiltinModule` when called and typed locally, so the browser entry stays Node-free.
 */

interface Fs {
  existsSync(path: string): boolean;
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
}
interface Path {
  join(...parts: string[]): string;
}
interface Zlib {
  gunzipSync(data: Uint8Array): Uint8Array;
}
interface Hash {
  update(data: Uint8Array): Hash;
  digest(encoding: 'hex'): string;
}
interface Crypto {
  createHash(algorithm: 'md5'): Hash;
}
interface ChildProcess {
  execFileSync(file: string, args: readonly string[], options: { stdio: readonly string[]; encoding: 'utf8' }): string;
}

function builtin<T>(id: string, what: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const mod = proc?.getBuiltinModule?.(id);
  if (mod === undefined) throw new Error(`${what} needs Node.js (>= 20.16); in a browser, build the dataset from tensors (TensorDataset)`);
  return mod as T;
}

export const fs = (): Fs => builtin<Fs>('node:fs', 'reading a dataset from disk');
export const path = (): Path => builtin<Path>('node:path', 'reading a dataset from disk');
export const gunzip = (data: Uint8Array): Uint8Array => builtin<Zlib>('node:zlib', 'gunzip').gunzipSync(data);

export function md5(data: Uint8Array): string {
  return builtin<Crypto>('node:crypto', 'md5').createHash('md5').update(data).digest('hex');
}

// Runs in a child Node process: fetch is asynchronous, a dataset's constructor is not.
const FETCH_SCRIPT = `
const [url, dest] = process.argv.slice(1);
fetch(url).then(async (res) => {
  if (!res.ok) throw new Error('HTTP Error ' + res.status + ': ' + res.statusText);
  require('node:fs').writeFileSync(dest, Buffer.from(await res.arrayBuffer()));
}).catch((e) => { process.stderr.write(String(e.cause ?? e.message ?? e)); process.exit(1); });
`;

/** Downloads `url` to `dest`, blocking until done; throws with the reason when it fails. */
export function downloadSync(url: string, dest: string): void {
  const proc = (globalThis as { process?: { execPath?: string } }).process;
  const child = builtin<ChildProcess>('node:child_process', 'download');
  try {
    child.execFileSync(proc!.execPath!, ['-e', FETCH_SCRIPT, url, dest], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const stderr = (err as { stderr?: unknown }).stderr;
    throw new Error(typeof stderr === 'string' && stderr !== '' ? stderr : String(err), { cause: err });
  }
}
