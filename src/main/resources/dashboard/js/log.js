// (a) The sync-status log: filters, sort by start or finish, server-side paging (X-Total-Count), status badges,
// live progress of running steps; (b) a step's failed records with their CSV export.
import { apiUrl, get } from './api.js';
import {
  badge, bindPager, cell, errorCell, fillRows, formatDateTime, formatDuration, formatNumber, formatRate,
  localInputToIso, numberCell, showPage, timeElement,
} from './format.js';

const STATUSES = ['Completed', 'Failed', 'Incomplete', 'In Progress', 'Rolled back'];
const COLUMNS = 12;

const state = {
  filters: { from: '', to: '', object: '', operation: '', status: '' },
  sort: 'started',
  order: 'desc',
  limit: 50,
  offset: 0,
  total: 0,
  steps: new Map(),
  running: false,
  openStep: null,
};

const $ = (id) => document.getElementById(id);

let runningListener = () => {};

export function isRunning() {
  return state.running;
}

/** Called when a read of the log finds a step running where the previous one found none. */
export function onRunningFound(listener) {
  runningListener = listener;
}

function query() {
  return { ...state.filters, sort: state.sort, order: state.order };
}

/** Fills the drop-downs from the values present in the log; keeps what is chosen. */
export async function loadFacets() {
  const form = $('log-filters');
  let facets = { objects: [], operations: [], statuses: STATUSES };
  try {
    facets = (await get('/api/sync-steps/facets')).body || facets;
  } catch (e) {
    // reported in the banner; the status drop-down still offers the five statuses
  }
  fillSelect(form.elements.object, facets.objects || [], 'All objects');
  fillSelect(form.elements.operation, facets.operations || [], 'All operations');
  fillSelect(form.elements.status, facets.statuses && facets.statuses.length ? facets.statuses : STATUSES, 'All statuses');
  fillSelect(document.querySelector('#letter-filters select[name=object]'), facets.objects || [], 'All objects');
}

function fillSelect(select, values, allLabel) {
  const chosen = select.value;
  const fragment = document.createDocumentFragment();
  fragment.append(new Option(allLabel, ''));
  for (const v of values) {
    fragment.append(new Option(v, v));
  }
  select.replaceChildren(fragment);
  select.value = values.includes(chosen) ? chosen : '';
}

export async function loadLog() {
  const params = { ...query(), limit: state.limit, offset: state.offset };
  let answer;
  try {
    answer = await get('/api/sync-steps', params);
  } catch (e) {
    fillRows($('log-rows'), [], COLUMNS, 'The status log could not be read: ' + e.message);
    $('log-range').textContent = '';
    state.running = false;
    return;
  }
  const steps = answer.body || [];
  state.total = answer.total ?? state.offset + steps.length + (steps.length === state.limit ? 1 : 0);
  state.steps = new Map(steps.map((s) => [String(s.id), s]));
  const wasRunning = state.running;
  state.running = steps.some((s) => s.status === 'In Progress');
  if (state.running && !wasRunning) {
    runningListener();
  }
  const now = Date.now();
  fillRows($('log-rows'), steps.map((s) => stepRow(s, now)), COLUMNS,
    hasFilters() ? 'No step matches these filters.' : 'No step logged yet: the first cycle has not run.');
  showPage('log', state, steps.length);
  $('log-export').href = apiUrl('/api/sync-steps/export', query());
  if (state.openStep && state.steps.has(state.openStep)) {
    markSelected(state.openStep);
  }
}

function hasFilters() {
  return Object.values(state.filters).some((v) => v);
}

function stepRow(s, now) {
  const tr = document.createElement('tr');
  tr.dataset.id = s.id;
  tr.append(cell(timeElement(s.startedAt)), cell(timeElement(s.finishedAt)), cell(s.object), cell(s.operation));
  const status = cell(badge(s.status));
  if (s.status === 'In Progress') {
    status.append(progress(s, now));
  }
  tr.append(status, numberCell(s.created), numberCell(s.updated), numberCell(s.deleted));
  if (s.failed > 0) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.dataset.step = s.id;
    b.textContent = formatNumber(s.failed);
    b.setAttribute('aria-label', `Show the ${s.failed} failed records of this ${s.object} ${s.operation} step`);
    tr.append(cell(b, 'num'));
  } else {
    tr.append(numberCell(s.failed));
  }
  tr.append(numberCell(s.skipped), cell(s.instance || '–'), cell(s.message || '', 'wide'));
  return tr;
}

/** Done/expected with a bar, the rate since the step started and the time left at that rate. */
function progress(s, now) {
  const done = (s.created || 0) + (s.updated || 0) + (s.deleted || 0) + (s.failed || 0) + (s.skipped || 0);
  const seconds = Math.max(1, (now - Date.parse(s.startedAt)) / 1000);
  const rate = done / seconds;
  const box = document.createElement('div');
  box.className = 'progress';
  const parts = [];
  if (s.expected) {
    const share = Math.min(1, done / s.expected);
    const bar = document.createElement('div');
    bar.className = 'progress-bar';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', String(s.expected));
    bar.setAttribute('aria-valuenow', String(done));
    bar.setAttribute('aria-label', `${s.object} ${s.operation} progress`);
    const fill = document.createElement('span');
    fill.style.width = (share * 100).toFixed(1) + '%';
    bar.append(fill);
    box.append(bar);
    parts.push(`${formatNumber(done)} of ${formatNumber(s.expected)} (${Math.floor(share * 100)} %)`);
  } else {
    parts.push(`${formatNumber(done)} records`);
  }
  if (done > 0) {
    parts.push(`${formatRate(rate)}/s`);
    if (s.expected && s.expected > done) {
      parts.push(`${formatDuration((s.expected - done) / rate)} left`);
    }
  }
  const text = document.createElement('div');
  text.className = 'progress-text';
  text.textContent = parts.join(' · ');
  box.append(text);
  return box;
}

function markSelected(id) {
  for (const tr of $('log-rows').querySelectorAll('tr.selected')) {
    tr.classList.remove('selected');
  }
  const row = $('log-rows').querySelector(`tr[data-id="${CSS.escape(String(id))}"]`);
  if (row) {
    row.classList.add('selected');
  }
}

async function openFailed(id) {
  const step = state.steps.get(String(id));
  state.openStep = String(id);
  markSelected(id);
  const panel = $('failed');
  panel.hidden = false;
  $('failed-title').textContent = step
    ? `Failed records of step ${id}: ${step.object} · ${step.operation}` : `Failed records of step ${id}`;
  $('failed-export').href = apiUrl(`/api/sync-steps/${encodeURIComponent(id)}/failed-records/export`);
  $('failed-export').setAttribute('download', `sfsync-step-${id}-failed-records.csv`);
  let answer;
  try {
    answer = await get(`/api/sync-steps/${encodeURIComponent(id)}/failed-records`, { limit: 10000 },
      '/api/sync-steps/{id}/failed-records');
  } catch (e) {
    fillRows($('failed-rows'), [], 5, e.message);
    return;
  }
  const letters = answer.body || [];
  $('failed-summary').textContent = step
    ? `${formatNumber(step.failed)} record(s) failed in this step, started ${formatDateTime(step.startedAt)}; `
      + 'each is a dead letter: replay or discard it under Dead letters.'
    : '';
  fillRows($('failed-rows'), letters.map((d) => {
    const tr = document.createElement('tr');
    tr.append(cell(String(d.id)), cell(timeElement(d.createdAt)), cell(d.recordId || ''),
      errorCell(d.errorCode, d.errorMessage), cell(badge(d.status)));
    return tr;
  }), 5, 'No dead letter recorded for this step.');
  panel.scrollIntoView({ block: 'nearest' });
}

function sortBy(column) {
  if (state.sort === column) {
    state.order = state.order === 'desc' ? 'asc' : 'desc';
  } else {
    state.sort = column;
    state.order = 'desc';
  }
  for (const th of document.querySelectorAll('#log-table th[data-col]')) {
    th.setAttribute('aria-sort', th.dataset.col === state.sort
      ? (state.order === 'desc' ? 'descending' : 'ascending') : 'none');
  }
  state.offset = 0;
  loadLog();
}

export function initLog() {
  const form = $('log-filters');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.filters = {
      from: localInputToIso(form.elements.from.value),
      to: localInputToIso(form.elements.to.value),
      object: form.elements.object.value,
      operation: form.elements.operation.value,
      status: form.elements.status.value,
    };
    state.offset = 0;
    loadLog();
  });
  form.addEventListener('reset', () => {
    state.filters = { from: '', to: '', object: '', operation: '', status: '' };
    state.offset = 0;
    setTimeout(loadLog); // after the form has cleared its fields
  });
  // One listener each for the whole table (no per-row listeners: fast with many rows).
  document.querySelector('#log-table thead').addEventListener('click', (event) => {
    const button = event.target.closest('button.sort');
    if (button) {
      sortBy(button.dataset.sort);
    }
  });
  $('log-rows').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-step]');
    if (button) {
      openFailed(button.dataset.step);
    }
  });
  bindPager('log', state, loadLog);
  $('log-size').addEventListener('change', (event) => {
    state.limit = Number(event.target.value);
    state.offset = 0;
    loadLog();
  });
  $('failed-close').addEventListener('click', () => {
    $('failed').hidden = true;
    state.openStep = null;
    markSelected(null);
  });
}
