// @ts-check
/**
 * The page's three text panels: what happened (the lab's log), what the server says (its own
 * narration) and the lab-hook events the servers send.
 *
 *   'log'    ──▶ addLog(lines)     newest first, in the page's language, 200 kept
 *   'output' ──▶ addOutput(lines)  the server's lines as printed, 200 kept
 *   'hook'   ──▶ addHook(batch)    events one by one, requests as a count per pid, 60 kept
 *
 * Loaded before app.js, which calls these as its event stream delivers; they use app.js's words
 * (LANG, T, fill) only when called.
 */

/** @typedef {import('../src/lab.ts').Snapshot} Snapshot */
/** @typedef {{ at: number, text: import('../src/words.ts').Said, level: string }} LogLine */

/** @param {string} id */
function panel(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}

/** @param {LogLine[]} lines */
// biome-ignore lint/correctness/noUnusedVariables: app.js calls it (the page's scripts share one scope)
function addLog(lines) {
  const list = panel('log');
  for (const line of lines) {
    const item = document.createElement('li');
    item.className = line.level;
    const time = document.createElement('time');
    time.textContent = new Date(line.at).toLocaleTimeString(document.documentElement.lang);
    item.append(time, line.text[LANG]);
    list.prepend(item);
  }
  while (list.children.length > 200) list.lastElementChild?.remove();
}

/** @param {string[]} lines */
// biome-ignore lint/correctness/noUnusedVariables: app.js calls it (the page's scripts share one scope)
function addOutput(lines) {
  const out = panel('output');
  const all = `${out.textContent}${lines.map((l) => `${l}\n`).join('')}`.split('\n');
  out.textContent = all.slice(-200).join('\n');
  out.scrollTop = out.scrollHeight;
}

/**
 * @param {{
 *   events: { kind: string, pid: number, worker?: number, detail?: string }[],
 *   requests: [number, number][]
 * }} batch
 * @param {Snapshot | undefined} snapshot the last one, for the counts of every kind
 */
// biome-ignore lint/correctness/noUnusedVariables: app.js calls it (the page's scripts share one scope)
function addHook(batch, snapshot) {
  const out = panel('hook');
  const lines = batch.events.map(
    (e) =>
      `${fill(T.hookEvent, { kind: e.kind, pid: e.pid })}${e.worker ? fill(T.hookToWorker, { worker: e.worker }) : ''}${e.detail ? ` (${e.detail})` : ''}`,
  );
  if (batch.requests.length > 0) {
    const counts = batch.requests.map(([pid, n]) => `${pid} ×${n}`).join(', ');
    lines.push(fill(T.hookRequestsServed, { counts }));
  }
  const all = `${out.textContent}${lines.map((l) => `${l}\n`).join('')}`.split('\n');
  out.textContent = all.slice(-60).join('\n');
  out.scrollTop = out.scrollHeight;
  if (snapshot) {
    const c = snapshot.hook.counts;
    panel('hook-summary').textContent =
      `(accept ${c.accept} · handoff ${c.handoff} · request ${c.request} · fork ${c.fork} · exit ${c.exit})`;
  }
}
