/**
 * Server-rendered SVG charts: no client library, nothing to load, printable. Each chart is an
 * image with a title and a description (role="img", aria-labelledby, aria-describedby) that states its data in
 * words; the page puts the same data in a table beside it. Colours are GOV.UK's and every mark
 * uses presentation attributes, so the Content-Security-Policy needs no inline styles.
 */

const BLUE = '#1d70b8';
const GREY = '#505a5f';
const LIGHT = '#b1b4b6';

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A round upper bound for the axis: 1, 2, 5 times a power of ten, at least the largest value. */
export function niceMaximum(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const format = (n: number): string => n.toLocaleString('en-GB');

export type ColumnChart = {
  /** Unique on the page: the SVG's title and description ids derive from it. */
  id: string;
  title: string;
  labels: string[];
  values: number[];
  /** Words after each value in the description: "referrals". */
  unit: string;
};

/** A column chart of a series (months, or bands of working days), with a labelled value axis. */
export function columnChart(chart: ColumnChart): string {
  const width = 640;
  const height = 260;
  const left = 48;
  const bottom = 36;
  const top = 16;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = niceMaximum(Math.max(0, ...chart.values));
  const slot = plotWidth / Math.max(1, chart.values.length);
  const barWidth = Math.max(4, slot * 0.7);
  const y = (v: number): number => top + plotHeight - (v / max) * plotHeight;
  const ticks = [0, max / 2, max];
  const described = chart.labels.map((l, i) => `${l}: ${format(chart.values[i] ?? 0)}`).join(', ');
  const parts: string[] = [
    `<svg class="haven-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${chart.id}-title" aria-describedby="${chart.id}-desc" focusable="false">`,
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${chart.id}-desc">${escapeXml(`${chart.unit}: ${described}.`)}</desc>`,
  ];
  for (const t of ticks) {
    parts.push(`<line x1="${left}" x2="${width - 8}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${LIGHT}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="${GREY}">${format(t)}</text>`);
  }
  chart.values.forEach((v, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(top + plotHeight - y(v)).toFixed(1)}" fill="${BLUE}"/>`);
    parts.push(`<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="12" fill="${GREY}">${escapeXml(chart.labels[i] ?? '')}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A small trend line for a tile, labelled with its values in words. */
export function sparkline(values: number[], label: string): string {
  const width = 120;
  const height = 32;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(2 + i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    `<svg class="haven-sparkline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}" focusable="false">` +
    `<polyline points="${points}" fill="none" stroke="${BLUE}" stroke-width="2"/></svg>`
  );
}
