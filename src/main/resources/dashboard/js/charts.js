// (e) Backlog per object and throughput over 24 hours, drawn as inline SVG by this module (no chart library).
import { get } from './api.js';
import { formatHourMinute, formatNumber } from './format.js';

const NS = 'http://www.w3.org/2000/svg';
const PALETTE = ['#2f5bea', '#13a37a', '#e3760b', '#9b51e0', '#d43f6b', '#0e98b8', '#8a6d12', '#5b6477'];
const $ = (id) => document.getElementById(id);

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, v);
  }
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

function chart(width, height, label) {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label });
  root.append(svg('title', {}, label));
  return root;
}

/** A round axis maximum above `max`: 1, 2, 2.5, 5 times a power of ten. */
function niceMax(max) {
  if (max <= 0) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) {
      return step * power;
    }
  }
  return 10 * power;
}

export async function loadCharts() {
  await Promise.allSettled([loadBacklog(), loadThroughput()]);
}

/** Totals for the summary cards: {push, pull, deadLetters}, null when the backlog cannot be read. */
export async function backlogTotals() {
  try {
    const items = (await get('/api/backlog')).body || [];
    return items.reduce((t, i) => {
      t[i.direction] = (t[i.direction] || 0) + (i.waiting || 0);
      return t;
    }, { push: 0, pull: 0 });
  } catch (e) {
    return null;
  }
}

async function loadBacklog() {
  const box = $('backlog-chart');
  let items;
  try {
    items = (await get('/api/backlog')).body || [];
  } catch (e) {
    box.replaceChildren(empty(e.message));
    return;
  }
  const objects = new Map();
  for (const i of items) {
    const o = objects.get(i.object) || { push: 0, pull: 0, letters: 0 };
    o[i.direction] = i.waiting || 0;
    o.letters += i.openDeadLetters || 0;
    objects.set(i.object, o);
  }
  if (objects.size === 0) {
    box.replaceChildren(empty('No object is synced.'));
    return;
  }
  const series = [['push', 'Push waiting', '#2f5bea'], ['pull', 'Pull waiting', '#13a37a'],
    ['letters', 'Open dead letters', '#c0362c']];
  const max = niceMax(Math.max(...[...objects.values()].flatMap((o) => [o.push, o.pull, o.letters])));
  const left = 110;
  const right = 60;
  const width = 560;
  const bar = 11;
  const rowHeight = series.length * (bar + 3) + 16;
  const height = 30 + objects.size * rowHeight;
  const scale = (v) => (v / max) * (width - left - right);
  const root = chart(width, height, 'Backlog per object: changes waiting to push, records left to pull, open dead letters');
  series.forEach(([, label, color], i) => {
    const x = left + i * 140;
    root.append(svg('rect', { x, y: 4, width: 10, height: 10, rx: 2, fill: color }), svg('text', { x: x + 15, y: 13 }, label));
  });
  let y = 28;
  for (const [object, o] of objects) {
    root.append(svg('text', { x: 0, y: y + rowHeight / 2 - 4, class: 'label' }, object));
    series.forEach(([key, label, color], i) => {
      const by = y + i * (bar + 3);
      const w = Math.max(o[key] > 0 ? 2 : 0, scale(o[key]));
      const rect = svg('rect', { x: left, y: by, width: w, height: bar, rx: 2, fill: color });
      rect.append(svg('title', {}, `${object}: ${formatNumber(o[key])} ${label.toLowerCase()}`));
      root.append(svg('rect', { x: left, y: by, width: width - left - right, height: bar, rx: 2, fill: '#f1f3f8' }), rect,
        svg('text', { x: left + w + 6, y: by + bar - 1 }, formatNumber(o[key])));
    });
    y += rowHeight;
  }
  box.replaceChildren(root);
}

async function loadThroughput() {
  const box = $('throughput-chart');
  const legend = $('throughput-legend');
  let data;
  try {
    data = (await get('/api/throughput', { hours: 24, bucket: 15 })).body;
  } catch (e) {
    box.replaceChildren(empty(e.message));
    legend.replaceChildren();
    return;
  }
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const bucketMs = (data.bucketMinutes || 15) * 60000;
  const buckets = Math.max(1, Math.ceil((to - from) / bucketMs));
  const series = (data.series || []).map((s, i) => {
    const values = new Array(buckets).fill(0);
    for (const p of s.points || []) {
      const index = Math.floor((Date.parse(p.at) - from) / bucketMs);
      if (index >= 0 && index < buckets) {
        values[index] += p.records;
      }
    }
    return { name: `${s.object} ${s.direction}`, color: PALETTE[i % PALETTE.length], values,
      total: values.reduce((a, b) => a + b, 0) };
  });
  const width = 760;
  const height = 280;
  const pad = { left: 56, right: 14, top: 12, bottom: 28 };
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i) => pad.left + (i + 0.5) * ((width - pad.left - pad.right) / buckets);
  const y = (v) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const root = chart(width, height, `Records handled per ${data.bucketMinutes} minutes over the last 24 hours, per object and direction`);
  for (let k = 0; k <= 4; k++) {
    const v = (max / 4) * k;
    root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: pad.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, formatNumber(v)));
  }
  const hour = 3600000;
  for (let t = Math.ceil(from / (3 * hour)) * 3 * hour; t <= to; t += 3 * hour) {
    const tx = pad.left + ((t - from) / (to - from)) * (width - pad.left - pad.right);
    root.append(svg('line', { x1: tx, x2: tx, y1: height - pad.bottom, y2: height - pad.bottom + 4, stroke: '#b9c0cf' }),
      svg('text', { x: tx, y: height - 8, 'text-anchor': 'middle' }, formatHourMinute(new Date(t))));
  }
  for (const s of series) {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const area = `M${x(0).toFixed(1)},${y(0)} L${points.join(' L')} L${x(buckets - 1).toFixed(1)},${y(0)} Z`;
    root.append(svg('path', { d: area, fill: s.color, 'fill-opacity': 0.08 }),
      svg('polyline', { points: points.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2, 'stroke-linejoin': 'round' }));
    s.values.forEach((v, i) => {
      if (v > 0) {
        const dot = svg('circle', { cx: x(i), cy: y(v), r: 3, fill: s.color });
        dot.append(svg('title', {}, `${s.name}: ${formatNumber(v)} records at ${formatHourMinute(new Date(from + i * bucketMs))}`));
        root.append(dot);
      }
    });
  }
  root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0), stroke: '#b9c0cf' }));
  box.replaceChildren(series.length ? root : empty('No records synced in the last 24 hours.'));
  const fragment = document.createDocumentFragment();
  for (const s of series) {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = s.color;
    item.append(swatch, `${s.name}: ${formatNumber(s.total)}`);
    fragment.append(item);
  }
  legend.replaceChildren(fragment);
}

function empty(text) {
  const p = document.createElement('p');
  p.className = 'chart-empty';
  p.textContent = text;
  return p;
}
