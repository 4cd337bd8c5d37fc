// @ts-check
/**
 * The threads view (stage 08): the workers are threads of one process, so their boxes are drawn
 * inside one box for that process, beside the main thread that started them.
 *
 *   ┌ process pid 4242 · 3 worker threads, one address space ──────────────┐
 *   │  [thread 1 · 4242.1]  [thread 2 · 4242.2]  [thread 3 · 4242.3]       │
 *   └──────────────────────────────────────────────────────────────────────┘
 *
 * Every thread has the process's pid; each is told apart by its `<pid>.<threadId>`, the name
 * it puts in x-served-by, which is the key of its box and of its counts. Loaded before app.js,
 * which calls processGroups() while it draws the stage; it uses app.js's words (T, fill) only
 * when called.
 */

/** @typedef {import('../src/lab.ts').Snapshot} Snapshot */
/** @typedef {Snapshot['workers'][number]} Worker */

/** The process box of the server shown, by the process's pid. @type {Map<number, HTMLElement>} */
const processBoxes = new Map();

/**
 * One box for the process, holding its threads' boxes in the order given (a worker of another
 * process, which a thread server does not have, stays outside).
 * @param {Snapshot} s @param {Worker[]} workers @param {HTMLElement[]} boxes
 */
// biome-ignore lint/correctness/noUnusedVariables: app.js calls it (the page's scripts share one scope)
function processGroups(s, workers, boxes) {
  const pid = s.primary?.pid ?? 0;
  let group = processBoxes.get(pid);
  if (!group) {
    group = document.createElement('div');
    group.className = 'process';
    group.dataset.pid = String(pid);
    group.innerHTML = '<div class="title"></div><div class="workers"></div>';
    processBoxes.set(pid, group);
  }
  const inside = boxes.filter((_, i) => workers[i]?.pid === pid);
  const outside = boxes.filter((_, i) => workers[i]?.pid !== pid);
  const threads = workers.filter((w) => w.pid === pid && w.state !== 'exited').length;
  const title = /** @type {HTMLElement} */ (group.querySelector('.title'));
  title.textContent = fill(T.threadsProcess, { pid, threads });
  const list = /** @type {HTMLElement} */ (group.querySelector('.workers'));
  if (inside.some((el, i) => list.children[i] !== el) || list.children.length !== inside.length) {
    list.replaceChildren(...inside);
  }
  return [group, ...outside];
}
