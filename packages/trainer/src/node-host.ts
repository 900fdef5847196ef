/**
 * The few Node APIs the trainer uses (files for checkpoints and curves, Ctrl-C, stdout, warnings),
 * reached through `process` when called, never imported: the package loads in a browser, where
 * these paths are not taken or say that they need Node. The types are minimal local ones, not
 * @types/node's, so that the browser entry type-checks without Node's types.
 */
import type { ProgressStream } from './fit/progress';

/** The parts of node:fs the trainer calls. */
export interface NodeFs {
  existsSync(path: string): boolean;
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: string | Uint8Array): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  openSync(path: string, flags: 'w'): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(oldPath: string, newPath: string): void;
  unlinkSync(path: string): void;
  readdirSync(path: string): string[];
}

/** The parts of node:path the trainer calls. */
export interface NodePath {
  dirname(path: string): string;
  basename(path: string): string;
  join(...paths: string[]): string;
}

/** The parts of Node's `process` the trainer uses. */
interface NodeProcess {
  readonly pid: number;
  readonly stdout: ProgressStream;
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
  exit(code: number): never;
  emitWarning(warning: string): void;
  /** Signal 0 only tests that the process exists (throws ESRCH when it does not). */
  kill(pid: number, signal: 0): true;
  getBuiltinModule?(id: string): unknown;
}

/** Node's `process`, or undefined outside Node. */
export function nodeProcess(): NodeProcess | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  return typeof proc === 'object' && proc !== null && typeof proc.on === 'function' ? proc : undefined;
}

function builtin(id: string): unknown {
  const proc = nodeProcess();
  if (proc === undefined || typeof proc.getBuiltinModule !== 'function') {
    throw new Error('checkpoint and curve files need Node.js (>= 20.16); in a browser use serializeTrainingState() and renderCurvesSvg()');
  }
  return proc.getBuiltinModule(id);
}

/** node:fs, fetched at call time (throws outside Node). */
export function nodeFs(): NodeFs {
  return builtin('node:fs') as NodeFs;
}

/** node:path, fetched at call time (throws outside Node). */
export function nodePath(): NodePath {
  return builtin('node:path') as NodePath;
}

/** Resolves on the next macrotask (setImmediate in Node, setTimeout elsewhere), letting events such as Ctrl-C through. */
export function nextMacrotask(): Promise<void> {
  const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => unknown };
  return new Promise((resolve) => {
    if (setImmediate !== undefined) setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** Standard output in Node; elsewhere the console, one call per line. */
export function defaultStream(): ProgressStream {
  const proc = nodeProcess();
  if (proc !== undefined) return proc.stdout;
  return { write: (text: string) => console.log(text.replace(/\n$/, '')) };
}

/** A warning as Node prints it (process.emitWarning), or console.warn elsewhere. */
export function emitWarning(message: string): void {
  const proc = nodeProcess();
  if (proc !== undefined) proc.emitWarning(message);
  else console.warn(message);
}
