// @ts-check
/**
 * The front view (stage 07): behind nginx, the workers sit in one box per host, each host a
 * cluster of its own; a worker no host claims gets a group of its own.
 *
 *   nginx ──▶ ┌ host 127.0.1.1:port · its primary ┐   ┌ host 127.0.1.2:port · … ┐
 *             │  [worker] [worker]                 │   │  [worker] [worker]      │
 *             └────────────────────────────────────┘   └─────────────────────────┘
 *
 * Loaded before app.js, which calls hostGroups() while it draws the stage; it uses app.js's
 * words (T, fill) only when called.
 */

/** @typedef {import('../src/lab.ts').Snapshot} Snapshot */
/** @typedef {Snapshot['workers'][number]} Worker */

/** @type {Map<string, HTMLElement>} */
const hostBoxes = new Map();

/**
 * One box per host, holding its workers' boxes in the order given.
 * @param {NonNullable<Snapshot['front']>} front @param {Worker[]} workers @param {HTMLElement[]} boxes
 */
// biome-ignore lint/correctness/noUnusedVariables: app.js calls it (the page's scripts share one scope)
function hostGroups(front, workers, boxes) {
  const groups = [];
  const hosts = [...front.hosts, { address: '', port: 0, primaryPid: 0 }];
  for (const host of hosts) {
    const inside = boxes.filter((_, i) => (workers[i]?.host ?? '') === host.address);
    if (host.address === '' && inside.length === 0) continue;
    const key = `${host.primaryPid}`;
    let group = hostBoxes.get(key);
    if (!group) {
      group = document.createElement('div');
      group.className = 'host';
      group.dataset.host = host.address;
      group.innerHTML = '<div class="title"></div><div class="workers"></div>';
      hostBoxes.set(key, group);
    }
    const title = /** @type {HTMLElement} */ (group.querySelector('.title'));
    title.textContent = host.address
      ? `${fill(T.host, { address: host.address, port: host.port })} · ${fill(T.hostPrimary, { pid: host.primaryPid })}`
      : '';
    const list = /** @type {HTMLElement} */ (group.querySelector('.workers'));
    if (inside.some((el, i) => list.children[i] !== el) || list.children.length !== inside.length) {
      list.replaceChildren(...inside);
    }
    groups.push(group);
  }
  return groups;
}
