// Chart.js is loaded by a <script> tag (its UMD build, served from node_modules) and
// defines a global `Chart`; this tells the type checker of app.js about it.
//
// The page's scripts are classic scripts sharing one global scope: front-view.js and
// threads-view.js (loaded first) draw groups of worker boxes, open-connections-view.js the
// long-lived load, with app.js's words (T, fill).
// The type checker sees each .js file as a module, so what they share is declared here.
import type { Chart as ChartJs } from 'chart.js';
import type { LabMessages } from '../src/messages/en.ts';
import type { Snapshot } from '../src/snapshot.ts';
import type { Said } from '../src/words.ts';

type Worker = Snapshot['workers'][number];

declare global {
  const Chart: typeof ChartJs;
  /** app.js: the page's language and words, and a message with its {name} places filled in. */
  const LANG: 'en' | 'zh';
  const T: LabMessages['page'];
  function fill(text: string, values: Record<string, string | number | undefined>): string;
  /** front-view.js: behind nginx, one box per host. */
  const hostBoxes: Map<string, HTMLElement>;
  function hostGroups(
    front: NonNullable<Snapshot['front']>,
    workers: Worker[],
    boxes: HTMLElement[],
  ): HTMLElement[];
  /** threads-view.js: the threads of a process inside its box. */
  const processBoxes: Map<number, HTMLElement>;
  function processGroups(s: Snapshot, workers: Worker[], boxes: HTMLElement[]): HTMLElement[];
  /** open-connections-view.js: the long-lived load, open connections per worker over time. */
  function renderOpenConnections(s: Snapshot, boxes: Map<number | string, HTMLElement>): void;
  /** text-panels.js: the log, the server's output and the lab-hook events. */
  function addLog(lines: { at: number; text: Said; level: string }[]): void;
  function addOutput(lines: string[]): void;
  function addHook(
    batch: {
      events: { kind: string; pid: number; worker?: number; detail?: string }[];
      requests: [number, number][];
    },
    snapshot: Snapshot | undefined,
  ): void;
}
