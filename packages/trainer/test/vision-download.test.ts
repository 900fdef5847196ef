/**
 * `download: true`: the files come from the class's mirrors (tried in order), are md5-checked and
 * unpacked, as torchvision does. A local HTTP server in a child process stands in for the mirrors
 * (the machine has no internet; the download blocks this process, so the server runs in another).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { datasets } from '@torchlet/trainer';
import { splitFiles } from './vision-idx';

const SERVER = `
const http = require('node:http'), fs = require('node:fs'), path = require('node:path');
const dir = process.argv[1];
http.createServer((req, res) => {
  const file = path.join(dir, path.basename(req.url));
  if (!req.url.startsWith('/good/') || !fs.existsSync(file)) { res.writeHead(404, 'Not Found'); res.end(); return; }
  res.end(fs.readFileSync(file));
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;

let server: ChildProcess;
let base: string;
let files: string;
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
let resources: [string, string][];

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'mirror-'));
  resources = [];
  for (const [split, n] of [['train', 3], ['t10k', 2]] as const) {
    const { images, labels } = splitFiles(n);
    for (const [name, bytes] of [[`${split}-images-idx3-ubyte.gz`, images], [`${split}-labels-idx1-ubyte.gz`, labels]] as const) {
      const gz = gzipSync(bytes);
      writeFileSync(join(files, name), gz);
      resources.push([name, md5(gz)]);
    }
  }
  server = spawn(process.execPath, ['-e', SERVER, files], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.kill();
  rmSync(files, { recursive: true, force: true });
});

describe('MNIST download', () => {
  let root: string;
  let logs: string[];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vision-dl-'));
    logs = [];
    jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void logs.push(parts.map(String).join(' ')));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  function mirrored(mirrors: string[], sums = resources): new (root: string, opts: { download?: boolean; train?: boolean }) => datasets.MNIST {
    return class TinyMNIST extends datasets.MNIST {
      static override mirrors = mirrors;
      static override resources = sums;
    };
  }

  it('fetches the missing files from the next mirror when one fails, checks md5, unpacks them', () => {
    const Tiny = mirrored([`${base}/missing/`, `${base}/good/`]);
    const ds = new Tiny(root, { download: true });
    expect([ds.length, ds.targets.tolist()]).toEqual([3, [0, 1, 2]]);
    const raw = join(root, 'TinyMNIST', 'raw');
    expect(existsSync(join(raw, 'train-images-idx3-ubyte.gz')) && existsSync(join(raw, 'train-images-idx3-ubyte'))).toBe(true);
    expect(logs.slice(0, 6)).toEqual([
      `Downloading ${base}/missing/train-images-idx3-ubyte.gz`,
      `Downloading ${base}/missing/train-images-idx3-ubyte.gz to ${join(raw, 'train-images-idx3-ubyte.gz')}`,
      'Failed to download (trying next):\nHTTP Error 404: Not Found',
      '',
      `Downloading ${base}/good/train-images-idx3-ubyte.gz`,
      `Downloading ${base}/good/train-images-idx3-ubyte.gz to ${join(raw, 'train-images-idx3-ubyte.gz')}`,
    ]);
    expect(logs).toContain(`Extracting ${join(raw, 't10k-labels-idx1-ubyte.gz')} to ${raw}`);
    logs.length = 0;
    expect(new Tiny(root, { download: true, train: false }).length).toBe(2); // already there: no download
    expect(logs).toEqual([]);
  });

  it("refuses a file whose md5 differs, and says which file no mirror had", () => {
    const bad = resources.map(([f], i): [string, string] => [f, i === 0 ? '0'.repeat(32) : resources[i]![1]]);
    expect(() => new (mirrored([`${base}/good/`], bad))(root, { download: true })).toThrow('File not found or corrupted.');
    expect(() => new (mirrored([`${base}/missing/`]))(root, { download: true })).toThrow('Error downloading train-images-idx3-ubyte.gz');
    mkdirSync(join(root, 'x')); // port 1 is one fetch refuses ("bad port"): a mirror that cannot be reached
    expect(() => new (mirrored(['http://127.0.0.1:1/']))(join(root, 'x'), { download: true })).toThrow('Error downloading');
    expect(logs.some((l) => l.startsWith('Failed to download (trying next):\n') && l.includes('bad port'))).toBe(true);
  });
});
