// (e) Backlog per object (a table with bars) and throughput over 24 hours (stacked columns), drawn as inline SVG by
// this module (no chart library).
import { get } from './api.js';
import { cell, fillRows, formatHourMinute, formatNumber, timeElement } from './format.js';

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

/** A round step for about `parts` grid lines up to `max`: 1, 2 or 5 times a power of ten (at least 1). */
function niceStep(max, parts) {
  const raw = Math.max(1, max / parts);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
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
  const tbody = $('backlog-rows');
  let items;
  try {
    items = (await get('/api/backlog')).body || [];
  } catch (e) {
    fillRows(tbody, [], 5, e.message);
    return;
  }
  const objects = new Map();
  for (const i of items) {
    const o = objects.get(i.object) || { push: 0, pull: 0, letters: 0, oldest: null };
    o[i.direction] = i.waiting || 0;
    o.letters += i.openDeadLetters || 0;
    if (i.direction === 'push' && i.oldest) {
      o.oldest = i.oldest;
    }
    objects.set(i.object, o);
  }
  const all = [...objects.values()];
  const max = {
    push: Math.max(0, ...all.map((o) => o.push)),
    pull: Math.max(0, ...all.map((o) => o.pull)),
    letters: Math.max(0, ...all.map((o) => o.letters)),
  };
  fillRows(tbody, [...objects].map(([object, o]) => {
    const tr = document.createElement('tr');
    tr.append(cell(object), cell(meter(o.push, max.push, '#2f5bea')), cell(meter(o.pull, max.pull, '#13a37a')),
      cell(meter(o.letters, max.letters, '#c0362c')), cell(timeElement(o.oldest)));
    return tr;
  }), 5, 'No object is synced.');
}

/** A number with a small bar: its share of the column's largest value. */
function meter(value, max, color) {
  const box = document.createElement('div');
  box.className = 'meter';
  const root = svg('svg', { viewBox: '0 0 80 8', 'aria-hidden': 'true', preserveAspectRatio: 'none' });
  root.append(svg('rect', { x: 0, y: 0, width: 80, height: 8, rx: 3, fill: '#eef1f7' }));
  if (value > 0) {
    root.append(svg('rect', { x: 0, y: 0, width: Math.max(3, (value / max) * 80), height: 8, rx: 3, fill: color }));
  }
  const number = document.createElement('span');
  number.textContent = formatNumber(value);
  if (!value) {
    number.className = 'muted';
  }
  box.append(root, number);
  return box;
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
  const width = 1200;
  const height = 240;
  const pad = { left: 56, right: 40, top: 12, bottom: 28 };
  const highest = Math.max(0, ...Array.from({ length: buckets }, (_, i) => series.reduce((a, s) => a + s.values[i], 0)));
  const step = niceStep(highest, 4);
  const max = Math.max(step, Math.ceil(highest / step) * step);
  const y = (v) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const root = chart(width, height, `Records handled per ${data.bucketMinutes} minutes over the last 24 hours, per object and direction`);
  for (let v = 0; v <= max; v += step) {
    root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: pad.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, formatNumber(v)));
  }
  const slot = (width - pad.left - pad.right) / buckets;
  const hour = 3600000;
  for (let t = Math.ceil(from / (2 * hour)) * 2 * hour; t <= to; t += 2 * hour) {
    const tx = pad.left + ((t - from) / bucketMs) * slot;
    root.append(svg('line', { x1: tx, x2: tx, y1: height - pad.bottom, y2: height - pad.bottom + 4, stroke: '#b9c0cf' }),
      svg('text', { x: tx, y: height - 8, 'text-anchor': 'middle' }, formatHourMinute(new Date(t))));
  }
  for (let i = 0; i < buckets; i++) {
    let base = 0;
    for (const s of series) {
      const v = s.values[i];
      if (v > 0) {
        const rect = svg('rect', { x: (pad.left + i * slot + 0.5).toFixed(1), y: y(base + v).toFixed(1),
          width: Math.max(1, slot - 1).toFixed(1), height: Math.max(0.5, y(base) - y(base + v)).toFixed(1), fill: s.color });
        rect.append(svg('title', {}, `${s.name}: ${formatNumber(v)} records, ${formatHourMinute(new Date(from + i * bucketMs))}`
          + `–${formatHourMinute(new Date(from + (i + 1) * bucketMs))}`));
        root.append(rect);
        base += v;
      }
    }
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
