/**
 * The lab's HTTP face: a small static page, an event stream, and a few POST routes.
 *
 *   GET  /[?lang=en|zh]       the page (public/index.html, app.js, style.css), in the language
 *                             asked for, else the lab's own: its words travel inside it as JSON
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
 * Every answer that says something (an error) says it in ?lang= if given, else in the lab's
 * language. Only 127.0.0.1 is bound. A POST must carry JSON and name this address in its Host header:
 * a page on some other site cannot then drive the lab (a cross-site form cannot send JSON,
 * and a rebound DNS name fails the Host check).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '@cluster-from-scratch/kit/language';
import { LabError, parseKillRequest, parseLoadRequest, parseServerRequest } from './input.ts';
import type { Lab } from './lab.ts';
import { CATALOGUES, requestLanguage } from './words.ts';

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
const chartFile = join(
  dirname(createRequire(import.meta.url).resolve('chart.js')),
  'chart.umd.min.js',
);

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: join(publicDir, 'index.html'), type: 'text/html; charset=utf-8' },
  '/app.js': { file: join(publicDir, 'app.js'), type: 'text/javascript; charset=utf-8' },
  // The views that draw groups of workers (behind nginx, threads of one process).
  '/front-view.js': {
    file: join(publicDir, 'front-view.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/threads-view.js': {
    file: join(publicDir, 'threads-view.js'),
    type: 'text/javascript; charset=utf-8',
  },
  // The long-lived load's view (open connections per worker over time), the text panels.
  '/open-connections-view.js': {
    file: join(publicDir, 'open-connections-view.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/text-panels.js': {
    file: join(publicDir, 'text-panels.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/style.css': { file: join(publicDir, 'style.css'), type: 'text/css; charset=utf-8' },
  '/vendor/chart.js': { file: chartFile, type: 'text/javascript; charset=utf-8' },
};

const MAX_BODY = 16 * 1024;

export function createLabServer(lab: Lab): Server {
  const server = createServer((req, res) => {
    handle(lab, req, res).catch((error: unknown) => {
      const status = error instanceof LabError ? error.status : 500;
      const lang = requestLanguage(new URL(req.url ?? '/', 'http://127.0.0.1'));
      const message =
        error instanceof LabError
          ? error.said[lang]
          : error instanceof Error
            ? error.message
            : String(error);
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
    if (!asset) throw new LabError(404, (m) => m.errors.noSuchPage(path));
    const file = await readFile(asset.file);
    const body = path === '/' ? inLanguage(file.toString('utf8'), requestLanguage(url)) : file;
    res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const method = req.method ?? '';
  if (method !== 'POST') throw new LabError(405, (m) => m.errors.notAllowed(method));
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
      throw new LabError(404, (m) => m.errors.noSuchAction(path));
  }
}

function checkOrigin(req: IncomingMessage): void {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost') {
    throw new LabError(400, (m) => m.errors.notLocal(host));
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new LabError(400, (m) => m.errors.notJson);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new LabError(400, (m) => m.errors.tooBig(MAX_BODY));
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new LabError(400, (m) => m.errors.invalidJson);
  }
}

/**
 * The page in one language: <html lang> set, and the page's words (the `page` part of the
 * catalogue) put where app.js reads them, as JSON ('<' escaped so no text can end the script).
 */
function inLanguage(html: string, lang: Language): string {
  const words = JSON.stringify({ lang, page: CATALOGUES[lang].page }).replaceAll('<', '\\u003c');
  return html
    .replace('<html lang="en">', `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`)
    .replace(
      "<!-- the page's words -->",
      `<script id="words" type="application/json">${words}</script>`,
    );
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
