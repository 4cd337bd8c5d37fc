/**
 * The lab's HTTP face: a small static page, an event stream, and a few POST routes.
 *
 *   GET  /                    the page (public/index.html, app.js, style.css)
 *   GET  /vendor/chart.js     Chart.js, straight from node_modules (no CDN, works offline)
 *   GET  /events              server-sent events: snapshot, arrivals, log, output, hook
 *   GET  /api/state           one snapshot, as JSON
 *   POST /api/server          { mode, workers }        start or switch the server
 *   POST /api/server/stop
 *   POST /api/load            { kind, connections, seconds, requests }
 *   POST /api/load/stop
 *   POST /api/kill            { pid? }                 SIGKILL one worker
 *   POST /api/restart                                   rolling restart (stage 05)
 *
 * Only 127.0.0.1 is bound. A POST must carry JSON and name this address in its Host header:
 * a page on some other site cannot then drive the lab (a cross-site form cannot send JSON,
 * and a rebound DNS name fails the Host check).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError, parseKillRequest, parseLoadRequest, parseServerRequest } from './input.ts';
import type { Lab } from './lab.ts';

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
const chartFile = join(
  dirname(createRequire(import.meta.url).resolve('chart.js')),
  'chart.umd.min.js',
);

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: join(publicDir, 'index.html'), type: 'text/html; charset=utf-8' },
  '/app.js': { file: join(publicDir, 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: join(publicDir, 'style.css'), type: 'text/css; charset=utf-8' },
  '/vendor/chart.js': { file: chartFile, type: 'text/javascript; charset=utf-8' },
};

const MAX_BODY = 16 * 1024;

export function createLabServer(lab: Lab): Server {
  const server = createServer((req, res) => {
    handle(lab, req, res).catch((error: unknown) => {
      const status = error instanceof LabError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, status, { error: message });
      else res.end();
    });
  });
  // The event stream stays open for as long as the page does.
  server.requestTimeout = 0;
  return server;
}

async function handle(lab: Lab, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (path === '/events') return lab.stream.attach(req, res);
    if (path === '/api/state') return sendJson(res, 200, lab.snapshot());
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const asset = STATIC[path];
    if (!asset) return sendJson(res, 404, { error: `no such page: ${path}` });
    const body = await readFile(asset.file);
    res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: `${req.method} is not allowed` });
  checkOrigin(req);
  const body = await readJson(req);
  switch (path) {
    case '/api/server': {
      const { mode, workers } = parseServerRequest(body);
      await lab.startServer(mode, workers);
      return sendJson(res, 200, lab.snapshot());
    }
    case '/api/server/stop':
      await lab.stopServer();
      return sendJson(res, 200, lab.snapshot());
    case '/api/load':
      lab.startLoad(parseLoadRequest(body));
      return sendJson(res, 200, lab.snapshot());
    case '/api/load/stop':
      await lab.stopLoad();
      return sendJson(res, 200, lab.snapshot());
    case '/api/kill': {
      const killed = lab.killWorker(parseKillRequest(body).pid);
      return sendJson(res, 200, { killed });
    }
    case '/api/restart':
      lab.rollingRestart();
      return sendJson(res, 200, lab.snapshot());
    default:
      return sendJson(res, 404, { error: `no such action: ${path}` });
  }
}

function checkOrigin(req: IncomingMessage): void {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost') {
    throw new LabError(
      400,
      `the lab only answers requests addressed to 127.0.0.1, not ${host || 'no host'}`,
    );
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new LabError(400, 'send the request body as JSON (content-type: application/json)');
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new LabError(400, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new LabError(400, 'the request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
