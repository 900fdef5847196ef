/**
 * `npm run playground [-- --port N]`: bundles the playground from the sources and serves it on
 * http://127.0.0.1:N (5173 by default; 0 picks a free port) until Ctrl-C.
 */
import { createServer, connect } from 'node:net';
import { startPlayground } from './build.mjs';

const USAGE = 'usage: npm run playground -- [--port N]';

function parsePort(argv) {
  let port = 5173;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[i + 1];
    if (flag !== '--port' || value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) {
      throw new Error(`${USAGE}\nerror: bad argument: ${argv[i]}${inline === undefined && value !== undefined ? ` ${value}` : ''}`);
    }
    if (inline === undefined) i++;
    port = Number(value);
  }
  return port;
}

/**
 * Listens on `port` and relays each connection to the server's own port: serve() picks a free
 * port itself, and the page should be at the address the user asked for.
 */
function relay(port, target) {
  return new Promise((resolve, reject) => {
    const proxy = createServer((socket) => {
      const upstream = connect(target, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      const end = () => { socket.destroy(); upstream.destroy(); };
      socket.on('error', end);
      upstream.on('error', end);
    });
    proxy.once('error', reject);
    proxy.listen(port, '127.0.0.1', () => resolve(proxy));
  });
}

let port;
try {
  port = parsePort(process.argv.slice(2));
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
const server = await startPlayground({ port });
let url = server.url;
let proxy = null;
if (port !== 0 && server.port !== port) {
  proxy = await relay(port, server.port).catch((err) => {
    console.error(`cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message} (try --port N)`);
    process.exit(1);
  });
  url = `http://127.0.0.1:${port}`;
}
console.log(`torchlet playground: ${url}/`);
console.log('Ctrl-C to stop.');
process.on('SIGINT', () => {
  proxy?.close();
  void server.close().then(() => process.exit(0));
});
