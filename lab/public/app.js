// @ts-check
/**
 * The lab page: draws what the lab server streams, and turns buttons into POSTs.
 *
 *   EventSource('/events')
 *     snapshot  (4 a second) ──▶ render(): boxes, figures, charts, buttons
 *     arrivals  (sampled)    ──▶ a dot per new connection: clients → primary or socket → worker
 *     log / output / hook    ──▶ the three text panels
 *   buttons ──fetch POST /api/…?lang=──▶ the lab; errors show under the controls
 *
 * No framework: the page is one snapshot rendered into fixed elements, keyed by worker (a pid,
 * or `<pid>.<threadId>` for a thread). Groups of workers are views of their own: behind nginx
 * one box per host (front-view.js), threads inside their one process (threads-view.js).
 *
 * Words: the lab puts the page's catalogue (lab/src/messages, its `page` part) into index.html
 * as JSON, in the language asked for with ?lang=en|zh or else the lab's own. index.html marks
 * its fixed text with data-t="key" (and data-t-title); everything else here says T.key, with
 * fill() for a message's {values}. What the lab says itself (log, notice) comes in both
 * languages, and the page shows its own.
 */

/** @typedef {import('../src/lab.ts').Snapshot} Snapshot */
/** @typedef {Snapshot['workers'][number]} Worker */
/** @typedef {import('../src/words.ts').Said} Said */
/** @typedef {import('../src/messages/en.ts').LabMessages['page']} PageWords */
/** @typedef {{ at: number, text: Said, level: string }} LogLine */

/** @param {string} id */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));
const select = (/** @type {string} */ id) => /** @type {HTMLSelectElement} */ ($(id));
const button = (/** @type {string} */ id) => /** @type {HTMLButtonElement} */ ($(id));
const canvas = (/** @type {string} */ id) => /** @type {HTMLCanvasElement} */ ($(id));

// ── words ───────────────────────────────────────────────────────────────────────────────
/** @type {{ lang: 'en' | 'zh', page: PageWords }} */
const WORDS = JSON.parse($('words').textContent ?? '');
const LANG = WORDS.lang;
const T = WORDS.page;

/**
 * A message with its {name} places filled in.
 * @param {string} text @param {Record<string, string | number | undefined>} values
 */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (place, name) =>
    values[name] === undefined ? place : String(values[name]),
  );
}

/** The catalogue's text at a dotted key ('serverStatus.stopped'); the key itself if none. */
function word(/** @type {string} */ key) {
  /** @type {unknown} */
  let at = T;
  for (const part of key.split('.')) at = /** @type {Record<string, unknown>} */ (at)?.[part];
  return typeof at === 'string' ? at : key;
}

for (const el of document.querySelectorAll('[data-t]')) {
  el.textContent = word(/** @type {HTMLElement} */ (el).dataset.t ?? '');
}
for (const el of document.querySelectorAll('[data-t-title]')) {
  el.setAttribute('title', word(/** @type {HTMLElement} */ (el).dataset.tTitle ?? ''));
}

const LOADS = {
  fresh: T.explainFresh,
  'keep-alive': T.explainKeepAlive,
  browser: T.explainBrowser,
};

/** @type {Snapshot | undefined} */
let snapshot;
let chosenMode = '';
/** The server (primary pid) the worker boxes belong to; new pids after the first render glow. */
let shownPrimary = 0;
const workerBoxes = new Map();

// ── charts ──────────────────────────────────────────────────────────────────────────────
const bars = new Chart(canvas('bars'), {
  type: 'bar',
  data: {
    labels: /** @type {string[]} */ ([]),
    datasets: [
      {
        label: T.barRequests,
        data: /** @type {number[]} */ ([]),
        backgroundColor: /** @type {string[]} */ ([]),
      },
      {
        label: T.barConnections,
        data: /** @type {number[]} */ ([]),
        backgroundColor: /** @type {string[]} */ ([]),
      },
    ],
  },
  options: {
    maintainAspectRatio: false,
    animation: { duration: 200 },
    scales: { y: { beginAtZero: true } },
  },
});
const jain = new Chart(canvas('jain'), {
  type: 'line',
  data: {
    datasets: [
      {
        label: T.overWholeLoad,
        data: /** @type {{ x: number, y: number }[]} */ ([]),
        borderColor: '#7a4cc2',
        backgroundColor: '#7a4cc2',
        pointRadius: 1.5,
        borderWidth: 2,
      },
      {
        label: T.overLast2s,
        data: /** @type {{ x: number, y: number | null }[]} */ ([]),
        borderColor: '#c47f17',
        backgroundColor: '#c47f17',
        borderDash: [5, 4],
        pointRadius: 1,
        borderWidth: 1.5,
        spanGaps: true,
      },
    ],
  },
  options: {
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: { type: 'linear', min: 0, title: { display: true, text: T.secondsIntoLoad } },
      y: { min: 0, max: 1, title: { display: true, text: T.jainIndex } },
    },
    plugins: { legend: { display: true, position: 'bottom' } },
  },
});

// ── talking to the lab ──────────────────────────────────────────────────────────────────
/** @param {string} path @param {unknown} [body] */
async function post(path, body = {}) {
  const message = $('message');
  try {
    // The lab answers a refusal in the page's language.
    const res = await fetch(`${path}?lang=${LANG}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(answer.error ?? `HTTP ${res.status}`);
    message.textContent = '';
    return answer;
  } catch (error) {
    message.textContent = error instanceof Error ? error.message : String(error);
    return undefined;
  }
}

button('start-server').addEventListener('click', () => {
  $('message').textContent = '';
  void post('/api/server', { mode: select('mode').value, workers: Number(input('workers').value) });
});
button('stop-server').addEventListener('click', () => void post('/api/server/stop'));
button('start-load').addEventListener(
  'click',
  () =>
    void post('/api/load', {
      kind: select('load-kind').value,
      connections: Number(input('connections').value),
      seconds: Number(input('seconds').value),
      requests: Number(input('requests').value),
    }),
);
button('stop-load').addEventListener('click', () => void post('/api/load/stop'));
button('kill').addEventListener('click', () => void post('/api/kill'));
button('restart').addEventListener('click', () => void post('/api/restart'));
select('mode').addEventListener('change', () => {
  chosenMode = select('mode').value;
  if (snapshot) render(snapshot);
});
select('load-kind').addEventListener('change', () => {
  if (snapshot) render(snapshot);
});

const events = new EventSource('/events');
events.addEventListener('open', () => setLive(true));
events.addEventListener('error', () => setLive(false));
events.addEventListener('snapshot', (e) =>
  render(JSON.parse(/** @type {MessageEvent} */ (e).data)),
);
events.addEventListener('arrivals', (e) =>
  arrivals(JSON.parse(/** @type {MessageEvent} */ (e).data)),
);
events.addEventListener('log', (e) => addLog([JSON.parse(/** @type {MessageEvent} */ (e).data)]));
events.addEventListener('output', (e) =>
  addOutput(JSON.parse(/** @type {MessageEvent} */ (e).data)),
);
events.addEventListener('hook', (e) =>
  addHook(JSON.parse(/** @type {MessageEvent} */ (e).data), snapshot),
);
events.addEventListener('history', (e) => {
  const { log, output } = JSON.parse(/** @type {MessageEvent} */ (e).data);
  $('log').replaceChildren();
  $('output').textContent = '';
  addLog(log);
  addOutput(output);
});

/** @param {boolean} live */
function setLive(live) {
  const el = $('live');
  el.dataset.live = live ? 'yes' : 'no';
  el.textContent = live ? T.live : T.disconnected;
}

// ── rendering a snapshot ────────────────────────────────────────────────────────────────
/** @param {Snapshot} s */
function render(s) {
  snapshot = s;
  renderControls(s);
  renderStage(s);
  renderFigures(s);
  renderCharts(s);
  renderOpenConnections(s, workerBoxes); // the long-lived load (open-connections-view.js)
}

/** @param {Snapshot} s */
function renderControls(s) {
  const modeSelect = select('mode');
  if (modeSelect.options.length !== s.modes.length) {
    modeSelect.replaceChildren(
      ...s.modes.map((m) => {
        const option = document.createElement('option');
        option.value = m.id;
        return option;
      }),
    );
  }
  s.modes.forEach((m, i) => {
    const option = modeSelect.options[i];
    if (!option) return;
    option.disabled = !m.enabled;
    const label = m.label[LANG];
    option.textContent = m.enabled ? label : fill(T.cannotRunHere, { label });
    // A disabled option cannot be chosen, so its reason is on the option itself (hover).
    option.title = m.enabled ? '' : (m.note ?? '');
  });
  if (!chosenMode) chosenMode = s.server.mode ?? s.modes.find((m) => m.enabled)?.id ?? '';
  if (modeSelect.value !== chosenMode) modeSelect.value = chosenMode;
  const mode = s.modes.find((m) => m.id === chosenMode);
  $('mode-explain').textContent = mode
    ? fill(mode.enabled ? T.modeRuns : T.modeCannot, {
        explain: mode.explain[LANG],
        script: mode.script,
        note: mode.note,
      })
    : '';

  const status = s.server.status;
  const serverStatus = $('server-status');
  serverStatus.dataset.status = status;
  serverStatus.textContent =
    status === 'running'
      ? fill(T.runningOn, { label: s.server.label?.[LANG], port: s.server.port })
      : status === 'failed'
        ? fill(T.failedWith, { error: (s.server.error?.[LANG] ?? '').split('\n')[0] })
        : T.serverStatus[status];
  const running = status === 'running';
  const busy = status === 'starting' || status === 'stopping';
  const loadRunning = s.load.status === 'running';
  const live = s.workers.filter((w) => w.state !== 'exited');
  button('start-server').disabled = busy || !mode?.enabled;
  button('start-server').textContent =
    running && s.server.mode === chosenMode
      ? T.restartServer
      : running
        ? T.switchServer
        : T.startServer;
  button('stop-server').disabled = !(running || status === 'failed');
  button('start-load').disabled = !running || loadRunning;
  button('stop-load').disabled = !loadRunning;
  button('kill').disabled = !running || live.length === 0;
  const restart = button('restart');
  restart.disabled = !running || !s.server.supervised || s.restart?.state === 'running';
  restart.title = s.server.supervised ? T.restartSupervised : T.restartUnsupervised;

  const kind = /** @type {'fresh' | 'keep-alive' | 'browser'} */ (select('load-kind').value);
  input('connections').disabled = kind === 'browser';
  $('connections-label').textContent = kind === 'fresh' ? T.inFlight : T.connections;
  $('load-explain').textContent = LOADS[kind];

  const loadStatus = $('load-status');
  loadStatus.dataset.status = s.load.status;
  const l = s.load;
  const elapsed = (l.elapsedMs / 1000).toFixed(1);
  loadStatus.textContent =
    l.status === 'idle'
      ? T.loadStatus.idle
      : l.status === 'running'
        ? fill(T.loadRunning, { elapsed, total: (l.durationMs ?? 0) / 1000 })
        : fill(T.loadEnded, { status: T.loadStatus[l.status], elapsed });

  const notice = $('notice');
  if (s.notice) {
    notice.hidden = false;
    notice.dataset.level = s.notice.level;
    notice.textContent = s.notice.text[LANG];
  } else notice.hidden = true;
}

/** @param {Snapshot} s */
function renderStage(s) {
  const l = s.load;
  const clients =
    l.kind === 'fresh'
      ? T.clientsFresh
      : l.kind === 'browser'
        ? T.clientsBrowser
        : T.clientsKeepAlive;
  $('clients-body').textContent = l.kind
    ? fill(clients, { connections: l.connections, status: T.loadStatus[l.status] })
    : T.noLoad;
  const primary = $('primary');
  const p = s.primary;
  // A front (stage 07): the box that takes the connections is nginx, not the program's primary.
  const front = s.front;
  const threads = s.workers.some((w) => w.thread !== undefined);
  $('primary-title').textContent = front ? T.front : threads ? T.mainThread : T.primary;
  $('primary-pid').textContent = front
    ? fill(T.frontPids, {
        master: front.nginx.masterPid,
        workers: front.nginx.workerPids.join(', '),
      })
    : p
      ? fill(T.pid, { pid: p.pid })
      : '';
  $('legend-front').hidden = !front;
  primary.dataset.pid = p ? String(p.pid) : '';
  primary.classList.toggle('idle', !p?.accepts);
  $('primary-body').textContent = p
    ? `${s.server.primaryDoes?.[LANG] ?? ''}${p.accepts ? fill(T.acceptedSoFar, { accepted: p.accepted }) : ''}${p.served ? fill(T.servedItself, { served: p.served }) : ''}`
    : s.server.status === 'starting'
      ? T.starting
      : T.noServer;
  const socket = $('socket');
  const shared = s.server.route === 'direct';
  // reusePort: no socket in common; every worker listens on one of its own, on the same port.
  const ownSockets = s.server.accept === 'own-socket';
  socket.classList.toggle('inside', !shared);
  socket.classList.toggle('per-worker', ownSockets);
  $('socket-title').textContent = ownSockets ? T.listeningSockets : T.listeningSocket;
  $('socket-port').textContent = s.server.port ? `:${s.server.port}` : '';
  $('socket-body').textContent = !p
    ? ''
    : front
      ? T.socketFront
      : ownSockets
        ? T.socketPerWorker
        : shared
          ? T.socketShared
          : T.socketPrimaryOnly;

  if (!p || p.pid !== shownPrimary) {
    workerBoxes.clear();
    hostBoxes.clear();
    processBoxes.clear();
    $('workers-grid').replaceChildren();
  }
  const fresh = p !== undefined && p.pid === shownPrimary;
  shownPrimary = p?.pid ?? 0;
  const grid = $('workers-grid');
  const order = [];
  for (const w of shownWorkers(s)) {
    let box = workerBoxes.get(w.key);
    if (!box) {
      box = createWorkerBox(w);
      workerBoxes.set(w.key, box);
      if (fresh) {
        box.classList.add('new');
        setTimeout(() => box.classList.remove('new'), 4000);
      }
    }
    updateWorkerBox(box, w);
    order.push(box);
  }
  // Behind nginx: one group per host (front-view.js); threads: their process (threads-view.js).
  const shown = shownWorkers(s);
  const groups = front
    ? hostGroups(front, shown, order)
    : threads
      ? processGroups(s, shown, order)
      : order;
  // Live workers first, in order; keep the DOM as it is when nothing moved.
  if (groups.some((el, i) => grid.children[i] !== el) || grid.children.length !== groups.length) {
    grid.replaceChildren(...groups);
  }
}

/**
 * Every live worker, and the last few that exited (a long session of kills and restarts
 * would otherwise fill the page with ghosts).
 * @param {Snapshot} s
 */
function shownWorkers(s) {
  const exited = s.workers.filter((w) => w.state === 'exited');
  const recent = new Set(exited.slice(-4));
  return s.workers.filter((w) => w.state !== 'exited' || recent.has(w));
}

/** @param {Worker} w */
function createWorkerBox(w) {
  const box = document.createElement('div');
  box.className = 'box worker';
  box.dataset.pid = String(w.pid);
  box.dataset.worker = String(w.key);
  box.innerHTML =
    '<div class="title"><span class="name"></span> <span class="pid"></span><span class="badge"></span></div>' +
    '<div class="nums"></div><div class="hook"></div><div class="share"><span></span></div><div class="note"></div>';
  return box;
}

/** @param {HTMLElement} box @param {Worker} w */
function updateWorkerBox(box, w) {
  box.dataset.state = w.state;
  box.dataset.requests = String(w.requests);
  box.dataset.connections = String(w.connections);
  const q = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (box.querySelector(sel));
  q('.name').textContent = fill(w.thread ? T.thread : T.worker, { id: w.thread ?? w.id });
  q('.pid').textContent = w.thread ? String(w.key) : fill(T.pid, { pid: w.pid });
  q('.badge').textContent = T.workerState[w.state];
  // What the worker itself reported through the lab hook, when its stage sends events.
  const hook = [
    w.hookAccepts ? fill(T.hookAccepted, { n: w.hookAccepts }) : '',
    w.hookRequests ? fill(T.hookServed, { n: w.hookRequests }) : '',
  ]
    .filter(Boolean)
    .join(', ');
  q('.nums').textContent = fill(T.workerNumbers, {
    connections: w.connections,
    requests: w.requests,
    share: (w.share * 100).toFixed(1),
  });
  q('.hook').textContent = hook ? fill(T.hookSays, { what: hook }) : '';
  q('.share span').style.width = `${(w.share * 100).toFixed(1)}%`;
  const note = q('.note');
  const parts = [];
  if (w.replaces) parts.push(fill(T.replaces, { pid: w.replaces }));
  if (w.exit) parts.push(fill(T.exitedHow, { how: T.exitHow[w.exit] ?? w.exit }));
  if (w.replacedBy) parts.push(fill(T.replacedBy, { pid: w.replacedBy }));
  note.textContent = parts.join(' · ');
  note.classList.toggle('replaced', Boolean(w.replaces && w.state !== 'exited'));
}

/** @param {Snapshot} s */
function renderFigures(s) {
  const set = (
    /** @type {string} */ id,
    /** @type {number | string} */ value,
    text = String(value),
  ) => {
    const el = $(id);
    el.dataset.value = String(value);
    el.textContent = text;
  };
  set('requests-count', s.load.requests);
  set('connections-count', s.load.connectionsMade);
  set('failed-count', s.load.failed);
  $('failed-figure').classList.toggle('has-failures', s.load.failed > 0);
  $('rate').textContent = s.load.status === 'idle' ? '–' : Math.round(s.load.rate).toString();
  const f = s.fairness;
  const any = s.load.requests > 0;
  set('fairness-value', any ? f.jain : '', any ? f.jain.toFixed(3) : '–');
  $('max-min').textContent = !any
    ? '–'
    : f.maxOverMin === null
      ? T.oneGotNone
      : f.maxOverMin.toFixed(2);
  const failures = $('failures');
  if (s.load.reasons.length > 0) {
    failures.hidden = false;
    failures.textContent = fill(T.failuresByReason, {
      reasons: s.load.reasons.map(([r, n]) => `${r} ×${n}`).join(', '),
    });
  } else failures.hidden = true;
}

/** @param {Snapshot} s */
function renderCharts(s) {
  const shown = shownWorkers(s).filter((w) => w.state !== 'exited' || w.requests > 0);
  const colour = (/** @type {Worker} */ w, /** @type {string} */ live) =>
    w.state === 'exited' ? '#c9ccd0' : live;
  bars.data.labels = shown.map((w) => `${w.id} · ${w.key}`);
  const [requests, connections] = bars.data.datasets;
  if (requests && connections) {
    requests.data = shown.map((w) => w.requests);
    requests.backgroundColor = shown.map((w) => colour(w, '#1f7a8c'));
    connections.data = shown.map((w) => w.connections);
    connections.backgroundColor = shown.map((w) => colour(w, '#9fd3dc'));
  }
  bars.update();
  const [whole, recent] = jain.data.datasets;
  if (whole) whole.data = s.fairness.series.map(([x, y]) => ({ x, y }));
  if (recent) recent.data = s.fairness.series.map(([x, , y]) => ({ x, y }));
  jain.update();
}

// ── arrivals: a dot per new connection ──────────────────────────────────────────────────
let flying = 0;
/** @param {{ source: string, items: { pid: number | string, via: string }[], dropped: number }} data */
function arrivals(data) {
  const stage = $('stage').getBoundingClientRect();
  /**
   * A point half-way down a box, at its left edge, middle or right edge (x = 0, 0.5, 1).
   * Dots end on a worker's left edge so that they do not cover its figures.
   * @param {Element | null | undefined} el @param {number} x
   */
  const at = (el, x) => {
    if (!el) return undefined;
    const r = el.getBoundingClientRect();
    return {
      left: `${r.left - stage.left + r.width * x}px`,
      top: `${r.top - stage.top + r.height / 2}px`,
    };
  };
  const from = at($('clients'), 1);
  data.items.forEach((item, i) => {
    if (flying >= 40) return;
    const box = workerBoxes.get(item.pid) ?? (item.via === 'self' ? $('primary') : undefined);
    const to = at(box, 0);
    const hop = at(item.via === 'direct' ? $('socket') : $('primary'), 0.5);
    if (!from || !to || !hop) return;
    // Behind nginx, one more stop: the host whose cluster dealt the connection to the worker.
    const group = box?.closest('.host');
    const host = group ? at(group, 0) : undefined;
    const path = host ? [from, hop, { ...host, top: to.top }, to] : [from, hop, to];
    const dot = document.createElement('div');
    dot.className = `dot via-${item.via}`;
    $('dots').append(dot);
    flying++;
    const animation = dot.animate(path, {
      duration: 700,
      delay: i * 12,
      easing: 'ease-in-out',
      fill: 'backwards',
    });
    animation.onfinish = () => {
      dot.remove();
      flying--;
      box?.classList.add('flash');
      setTimeout(() => box?.classList.remove('flash'), 120);
    };
  });
}
