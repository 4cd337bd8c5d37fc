// Chart.js is loaded by a <script> tag (its UMD build, served from node_modules) and
// defines a global `Chart`; this tells the type checker of app.js about it.
import type { Chart as ChartJs } from 'chart.js';

declare global {
  const Chart: typeof ChartJs;
}
