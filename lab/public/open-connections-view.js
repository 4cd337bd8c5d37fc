// @ts-check
/**
 * The long-lived view: how many connections each worker holds open, over time, and what a kill
 * does to them. Drawn while the load is 'long-lived' (src/held-load.ts); hidden otherwise.
 *
 *   snapshot.held ──▶ a line per worker (Chart.js, steps: a count holds until it changes)
 *                 ──▶ "holds N open connection(s)" in each worker's box
 *                 ──▶ now: open per worker, Jain over them; per kill: before, dropped, back, after
 *
 *   open │ ┌──────────── worker 2          a kill: worker 1's line falls to 0, the clients
 *        │ │   ┌──────── worker 3          wait for a worker in its place, then come back
 *        │ │ ┌─┘  ┐                        (least connections: all to the new one)
 *        │ │ │    └───── worker 1 ┄┄┄ new ─┘
 *        └─┴─┴─────────────────────── seconds
 *
 * Loaded before app.js, which calls renderOpenConnections() after drawing each snapshot; it
 * uses app.js's words (T, fill) only when called.
 */

/** @typedef {import('../src/lab.ts').Snapshot} Snapshot */
/** @typedef {NonNullable<Snapshot['held']>} HeldView */

const LINE_COLOURS = [
  '#1f7a8c',
  '#c47f17',
  '#7a4cc2',
  '#2f8f46',
  '#c2413b',
  '#4c6ec2',
  '#8c6d1f',
  '#b0459a',
];

/** @type {import('chart.js').Chart<'line', { x: number, y: number }[]> | undefined} */
let openChart;

/** @param {string} id */
function heldElement(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}

/**
 * Draws the long-lived load's part of the page, over what app.js drew for every load.
 * @param {Snapshot} s @param {Map<number | string, HTMLElement>} boxes the worker boxes, by key
 */
// biome-ignore lint/correctness/noUnusedVariables: app.js calls it (the page's scripts share one scope)
function renderOpenConnections(s, boxes) {
  const kind = /** @type {HTMLSelectElement} */ (heldElement('load-kind')).value;
  if (kind === 'long-lived') {
    heldElement('load-explain').textContent = T.explainLongLived;
    heldElement('connections-label').textContent = T.clientsPerWave;
  }
  const held = s.load.kind === 'long-lived' ? s.held : undefined;
  if (held) {
    heldElement('clients-body').textContent = fill(T.clientsLongLived, {
      clients: held.clients,
      open: held.open,
      what: T.heldHolds[held.holds],
      phase: T.heldPhase[held.phase],
      status: T.loadStatus[s.load.status],
    });
  }
  for (const [key, box] of boxes) {
    let line = /** @type {HTMLElement | null} */ (box.querySelector('.held'));
    if (!line) {
      line = document.createElement('div');
      line.className = 'held';
      box.querySelector('.nums')?.after(line);
    }
    const open = held?.perWorker.find(([w]) => w === key)?.[1];
    box.dataset.held = open === undefined ? '' : String(open);
    line.textContent = open === undefined ? '' : fill(T.heldInBox, { n: open });
  }
  const figure = heldElement('held-figure');
  figure.hidden = !held;
  if (held) {
    drawOpenLines(s, held);
    heldSummary(held);
  }
}

/** @param {Snapshot} s @param {HeldView} held */
function drawOpenLines(s, held) {
  openChart ??= new Chart(/** @type {HTMLCanvasElement} */ (heldElement('held-chart')), {
    type: 'line',
    data: { datasets: [] },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: T.secondsIntoLoad } },
        y: { beginAtZero: true, title: { display: true, text: T.openConnections } },
      },
      plugins: { legend: { display: true, position: 'bottom' } },
    },
  });
  const chart = openChart;
  chart.data.datasets = held.lines.map(({ worker, points }) => {
    const w = s.workers.find((x) => x.key === worker);
    const gone = !w || w.state === 'exited';
    const colour = gone
      ? '#9aa0a6'
      : (LINE_COLOURS[((w?.id ?? 1) - 1) % LINE_COLOURS.length] ?? '#1f7a8c');
    const data = points.map(([x, y]) => ({ x, y }));
    const last = points[points.length - 1];
    // A live worker still holds its last count now: carry the line on to the present.
    if (!gone && last && held.seconds > last[0]) data.push({ x: held.seconds, y: last[1] });
    return {
      label: `${w ? fill(T.worker, { id: w.id }) : ''} · ${worker}`,
      data,
      stepped: true,
      borderColor: colour,
      backgroundColor: colour,
      borderDash: gone ? [4, 3] : [],
      pointRadius: 0,
      borderWidth: 2,
    };
  });
  chart.update();
}

/** @param {HeldView} held */
function heldSummary(held) {
  const list = (/** @type {[number | string, number][]} */ pairs) =>
    pairs.map(([, n]) => n).join(' / ');
  heldElement('held-now').textContent = fill(T.heldNow, {
    perWorker: list(held.perWorker),
    jain: held.jain.toFixed(3),
  });
  const kills = held.kills.map((k) => {
    const item = document.createElement('li');
    item.textContent =
      fill(T.heldKill, {
        worker: k.worker,
        at: k.at.toFixed(1),
        before: list(k.before),
        jainBefore: k.jainBefore.toFixed(3),
        dropped: k.dropped,
        back: k.back,
        toNew: k.toNew,
        lost: k.lost,
      }) +
      (k.after && k.jainAfter !== undefined
        ? fill(T.heldAfter, { after: list(k.after), jainAfter: k.jainAfter.toFixed(3) })
        : held.waiting
          ? fill(T.heldWaiting, { waiting: held.waiting })
          : '');
    return item;
  });
  heldElement('held-kills').replaceChildren(...kills);
}
