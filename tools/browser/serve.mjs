/**
 * A static file server for browser tests and the playground, on 127.0.0.1 and a free port.
 *
 *   import { serve } from './tools/browser/serve.mjs';
 *   const server = await serve({ root: 'packages/playground/public', isolated: true,
 *     routes: { '/bundle.js': bundleText, '/api/ping': (req, res) => res.end('pong') } });
 *   await page.goto(`${server.url}/index.html`);
 *   await server.close();
 *
 * `routes` win over files under `root` (a string/Buffer body gets its MIME type from the path's
 * extension). `isolated: true` sends COOP/COEP headers, so the page is crossOriginIsolated and
 * has SharedArrayBuffer (the wasm backend's threads need it). Paths never escape `root`.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** MIME types by extension: wasm must be application/wasm for streaming compilation. */
export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.safetensors': 'application/octet-stream',
  '.pt': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

/** @param {string} path */
function mimeOf(path) {
  return MIME[/** @type {keyof typeof MIME} */ (extname(path).toLowerCase())] ?? 'application/octet-stream';
}

/**
 * @typedef {import('node:http').IncomingMessage} Req
 * @typedef {import('node:http').ServerResponse} Res
 * @typedef {(req: Req, res: Res) => void | Promise<void>} Handler
 */

/**
 * Serves `root` (and `routes`) until close().
 * @param {{ root?: string, isolated?: boolean, routes?: Record<string, Handler | string | Buffer | Uint8Array> }} opts
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function serve({ root = process.cwd(), isolated = false, routes = {} } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    void handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e?.stack ?? e));
    });
  });

  /** @param {Req} req @param {Res} res */
  async function handle(req, res) {
    // no caching (tests rebuild), and the isolation headers on every response including errors
    res.setHeader('cache-control', 'no-store');
    if (isolated) {
      res.setHeader('cross-origin-opener-policy', 'same-origin');
      res.setHeader('cross-origin-embedder-policy', 'require-corp');
      res.setHeader('cross-origin-resource-policy', 'same-origin');
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const route = routes[path];
    if (typeof route === 'function') return route(req, res);
    if (route !== undefined) {
      res.writeHead(200, { 'content-type': mimeOf(path) });
      res.end(route);
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('forbidden');
      return;
    }
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': mimeOf(file) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok(undefined));
    }),
  };
}
