/**
 * Hand-written SVG charts for the docs page: no chart library, no build step.
 *
 *   barChart      one horizontal bar per row (the median), a whisker from min to max over the
 *                 repeats, rows grouped under headings
 *   shareChart    one 100%-wide bar per row, split into each worker's share
 *
 *   ── node:cluster RR ─────────────────────────
 *   fresh     ████████████████████████▏|─┤ 0.999
 *   keep-alive ███████████████▏         0.61
 *
 * Every text is escaped; sizes come from the row count, so a chart never clips.
 */

export interface BarRow {
  label: string;
  value: number;
  min?: number;
  max?: number;
  /** Index into the palette (series colour). */
  series?: number;
  /** Printed after the bar; defaults to the value with `digits` decimals. */
  text?: string;
}

export interface BarGroup {
  heading?: string;
  rows: BarRow[];
}

export interface Legend {
  label: string;
  series: number;
}

const PALETTE = ['#3b6fb6', '#e07b39', '#4e9a5b', '#b5479a', '#8c6d31', '#5aa6b8', '#c44e52'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function colour(series = 0): string {
  return PALETTE[series % PALETTE.length] ?? '#3b6fb6';
}

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '∞');

/** The next round number at or above `value`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function barChart(options: {
  title: string;
  subtitle?: string;
  groups: BarGroup[];
  /** Right end of the axis; defaults to the largest max or value. */
  axisMax?: number;
  digits?: number;
  legend?: Legend[];
  /** A vertical reference line (e.g. Jain = 1, ratio = 1). */
  reference?: { value: number; label: string };
}): string {
  const digits = options.digits ?? 2;
  const labelWidth = 220;
  const barWidth = 420;
  const valueWidth = 110;
  const rowHeight = 20;
  const headingHeight = 24;
  const width = labelWidth + barWidth + valueWidth + 20;
  const all = options.groups.flatMap((g) => g.rows);
  const finiteMax = Math.max(
    ...all.flatMap((r) => [r.value, r.max ?? r.value]).filter((v) => Number.isFinite(v)),
    options.reference?.value ?? 0,
    1e-9,
  );
  const axisMax = options.axisMax ?? niceCeil(finiteMax * 1.02);
  const x = (v: number) => labelWidth + (Math.min(Math.max(v, 0), axisMax) / axisMax) * barWidth;

  const parts: string[] = [];
  let y = options.subtitle ? 52 : 38;
  const legendHeight = options.legend?.length ? 22 : 0;
  y += legendHeight;
  for (const group of options.groups) {
    if (group.heading) {
      y += headingHeight;
      parts.push(
        `<text x="10" y="${y - 7}" font-size="13" font-weight="600" fill="#222">${escapeXml(group.heading)}</text>`,
        `<line x1="10" y1="${y - 2}" x2="${width - 10}" y2="${y - 2}" stroke="#ddd"/>`,
      );
    }
    for (const row of group.rows) {
      const top = y + 3;
      const barEnd = Number.isFinite(row.value) ? x(row.value) : x(axisMax);
      parts.push(
        `<text x="${labelWidth - 8}" y="${top + 11}" font-size="12" text-anchor="end" fill="#333">${escapeXml(row.label)}</text>`,
        `<rect x="${labelWidth}" y="${top}" width="${Math.max(0.5, barEnd - labelWidth).toFixed(1)}" height="${rowHeight - 6}" fill="${colour(row.series)}" rx="2"/>`,
      );
      if (row.min !== undefined && row.max !== undefined && row.max !== row.min) {
        const mid = top + (rowHeight - 6) / 2;
        const [a, b] = [x(row.min), Number.isFinite(row.max) ? x(row.max) : x(axisMax)];
        parts.push(
          `<line x1="${a.toFixed(1)}" y1="${mid}" x2="${b.toFixed(1)}" y2="${mid}" stroke="#111" stroke-width="1.2"/>`,
          `<line x1="${a.toFixed(1)}" y1="${mid - 4}" x2="${a.toFixed(1)}" y2="${mid + 4}" stroke="#111" stroke-width="1.2"/>`,
          `<line x1="${b.toFixed(1)}" y1="${mid - 4}" x2="${b.toFixed(1)}" y2="${mid + 4}" stroke="#111" stroke-width="1.2"/>`,
        );
      }
      const after = Math.max(
        barEnd,
        row.max !== undefined && Number.isFinite(row.max) ? x(row.max) : 0,
      );
      parts.push(
        `<text x="${(after + 6).toFixed(1)}" y="${top + 11}" font-size="11" fill="#333">${escapeXml(row.text ?? fmt(row.value, digits))}</text>`,
      );
      y += rowHeight;
    }
  }
  const height = y + 30;
  if (options.reference) {
    const rx = x(options.reference.value).toFixed(1);
    const top = (options.subtitle ? 52 : 38) + legendHeight;
    parts.push(
      `<line x1="${rx}" y1="${top}" x2="${rx}" y2="${y + 4}" stroke="#888" stroke-dasharray="4 3"/>`,
      `<text x="${rx}" y="${y + 16}" font-size="11" text-anchor="middle" fill="#666">${escapeXml(options.reference.label)}</text>`,
    );
  }
  // Axis: 0 and the right end.
  parts.push(
    `<line x1="${labelWidth}" y1="${y + 4}" x2="${labelWidth + barWidth}" y2="${y + 4}" stroke="#999"/>`,
    `<text x="${labelWidth}" y="${y + 16}" font-size="10" text-anchor="middle" fill="#666">0</text>`,
    `<text x="${labelWidth + barWidth}" y="${y + 16}" font-size="10" text-anchor="middle" fill="#666">${escapeXml(fmt(axisMax, digits))}</text>`,
  );
  return frame(width, height, options.title, options.subtitle, parts, options.legend);
}

export interface ShareRow {
  label: string;
  /** Fractions that add up to 1, one per worker. */
  shares: number[];
  text?: string;
}

export function shareChart(options: {
  title: string;
  subtitle?: string;
  groups: { heading?: string; rows: ShareRow[] }[];
}): string {
  const labelWidth = 220;
  const barWidth = 420;
  const width = labelWidth + barWidth + 130;
  const rowHeight = 22;
  const parts: string[] = [];
  let y = options.subtitle ? 52 : 38;
  for (const group of options.groups) {
    if (group.heading) {
      y += 24;
      parts.push(
        `<text x="10" y="${y - 7}" font-size="13" font-weight="600" fill="#222">${escapeXml(group.heading)}</text>`,
        `<line x1="10" y1="${y - 2}" x2="${width - 10}" y2="${y - 2}" stroke="#ddd"/>`,
      );
    }
    for (const row of group.rows) {
      const top = y + 3;
      parts.push(
        `<text x="${labelWidth - 8}" y="${top + 12}" font-size="12" text-anchor="end" fill="#333">${escapeXml(row.label)}</text>`,
      );
      let left = labelWidth;
      row.shares.forEach((share, i) => {
        const w = share * barWidth;
        parts.push(
          `<rect x="${left.toFixed(1)}" y="${top}" width="${Math.max(0, w - 1).toFixed(1)}" height="${rowHeight - 6}" fill="${colour(i)}"/>`,
        );
        if (w > 34) {
          parts.push(
            `<text x="${(left + w / 2).toFixed(1)}" y="${top + 12}" font-size="10" text-anchor="middle" fill="#fff">${(share * 100).toFixed(0)}%</text>`,
          );
        }
        left += w;
      });
      // The even split, for the eye.
      const n = row.shares.length;
      for (let i = 1; i < n; i++) {
        const ex = (labelWidth + (i / n) * barWidth).toFixed(1);
        parts.push(
          `<line x1="${ex}" y1="${top - 2}" x2="${ex}" y2="${top + rowHeight - 4}" stroke="#000" stroke-opacity="0.45" stroke-dasharray="2 2"/>`,
        );
      }
      if (row.text) {
        parts.push(
          `<text x="${labelWidth + barWidth + 8}" y="${top + 12}" font-size="11" fill="#333">${escapeXml(row.text)}</text>`,
        );
      }
      y += rowHeight;
    }
  }
  return frame(width, y + 16, options.title, options.subtitle, parts);
}

/** Rough width of 11px text: CJK characters are about twice as wide as Latin ones. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]/.test(ch) ? 11 : 6.5;
  return w;
}

function frame(
  width: number,
  height: number,
  title: string,
  subtitle: string | undefined,
  parts: string[],
  legend?: Legend[],
): string {
  const head = [
    `<text x="10" y="22" font-size="15" font-weight="700" fill="#111">${escapeXml(title)}</text>`,
  ];
  if (subtitle) {
    head.push(`<text x="10" y="40" font-size="11" fill="#555">${escapeXml(subtitle)}</text>`);
  }
  if (legend?.length) {
    let lx = 10;
    const ly = subtitle ? 56 : 42;
    for (const item of legend) {
      head.push(
        `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colour(item.series)}"/>`,
        `<text x="${lx + 14}" y="${ly}" font-size="11" fill="#333">${escapeXml(item.label)}</text>`,
      );
      lx += 24 + textWidth(item.label);
    }
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height)}" viewBox="0 0 ${width} ${Math.ceil(height)}" role="img" ${FONT}>`,
    // The title is what a screen reader says (and what a browser shows on hover).
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...head,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
