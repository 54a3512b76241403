// (c) Dead letters: list (paged), a letter's fields and payload, Replay and Discard after a confirmation, the
// result shown and the list read again.
import { get, post } from './api.js';
import {
  badge, bindPager, cell, errorCell, fillRows, formatNumber, showPage, timeElement,
} from './format.js';

const COLUMNS = 9;
const state = { status: 'New', object: '', offset: 0, limit: 50, total: 0, shown: null };
const $ = (id) => document.getElementById(id);
let afterChange = () => {};

export async function loadLetters() {
  let answer;
  try {
    answer = await get('/api/dead-letters',
      { status: state.status, object: state.object, limit: state.limit, offset: state.offset });
  } catch (e) {
    fillRows($('letter-rows'), [], COLUMNS, 'The dead letters could not be read: ' + e.message);
    return;
  }
  const letters = answer.body || [];
  state.total = answer.total ?? state.offset + letters.length;
  fillRows($('letter-rows'), letters.map(letterRow), COLUMNS,
    state.status === 'New' ? 'No open dead letter: every record synced.' : 'No dead letter matches.');
  showPage('letter', state, letters.length);
}

function letterRow(d) {
  const tr = document.createElement('tr');
  tr.dataset.id = d.id;
  tr.append(cell(String(d.id)), cell(timeElement(d.createdAt)), cell(d.object), cell(d.operation), cell(d.recordId || ''),
    errorCell(d.errorCode, d.lastError || d.errorMessage), cell(badge(d.status)),
    cell(formatNumber(d.attempts), 'num'));
  const actions = document.createElement('div');
  actions.className = 'actions';
  actions.append(button('Show', 'show', d));
  if (d.status === 'New') {
    actions.append(button('Replay', 'replay', d), button('Discard', 'discard', d));
  }
  tr.append(cell(actions));
  return tr;
}

function button(text, action, d) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'small' + (action === 'discard' ? ' danger' : action === 'replay' ? ' primary' : '');
  b.textContent = text;
  b.dataset.action = action;
  b.dataset.id = d.id;
  b.setAttribute('aria-label', `${text} dead letter ${d.id} (${d.object} ${d.recordId || ''})`);
  return b;
}

/** Asks in the page's dialog; resolves true when confirmed. */
export function confirmAction(title, text, okLabel) {
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = okLabel;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

async function show(id) {
  let answer;
  try {
    answer = await get(`/api/dead-letters/${encodeURIComponent(id)}`, {}, '/api/dead-letters/{id}');
  } catch (e) {
    return;
  }
  const d = answer.body;
  state.shown = String(d.id);
  $('letter-detail').hidden = false;
  $('letter-detail-title').textContent = `Dead letter ${d.id}: ${d.object} ${d.recordId || ''}`;
  const fields = [
    ['Operation', d.operation], ['Status', d.status], ['Created', timeElement(d.createdAt)], ['Step', d.stepId],
    ['Cycle', d.cycleId], ['Error code', d.errorCode], ['Error', d.errorMessage], ['Attempts', d.attempts],
    ['Last attempt', timeElement(d.lastAttemptAt)], ['Last error', d.lastError], ['Resolved', timeElement(d.resolvedAt)],
  ];
  const fragment = document.createDocumentFragment();
  for (const [label, value] of fields) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.append(value instanceof Node ? value : String(value ?? ''));
    fragment.append(dt, dd);
  }
  $('letter-fields').replaceChildren(fragment);
  $('letter-payload').textContent = pretty(d.payload);
  $('letter-detail').scrollIntoView({ block: 'nearest' });
}

function pretty(payload) {
  if (!payload) {
    return '(no payload)';
  }
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch (e) {
    return payload;
  }
}

async function act(action, id) {
  const row = $('letter-rows').querySelector(`tr[data-id="${CSS.escape(String(id))}"]`);
  const what = row ? `dead letter ${id} (${row.children[2].textContent} ${row.children[4].textContent})` : `dead letter ${id}`;
  const confirmed = action === 'replay'
    ? await confirmAction('Replay this dead letter?',
      `sfsync syncs the record of ${what} again from its current data. A success closes the dead letter.`, 'Replay')
    : await confirmAction('Discard this dead letter?',
      `${what} is given up: sfsync will not try to sync it again.`, 'Discard');
  if (!confirmed) {
    return;
  }
  const result = $('letter-result');
  try {
    const answer = await post(`/api/dead-letters/${encodeURIComponent(id)}/${action}`, `/api/dead-letters/{id}/${action}`);
    const body = answer.body || {};
    if (action === 'replay') {
      const ok = body.result === 'REPLAYED';
      showResult(ok, `Dead letter ${id}: ${ok ? 'replayed' : body.result === 'FAILED' ? 'replay failed, it stays open'
        : 'not replayed'}${body.detail ? ' (' + body.detail + ')' : ''}.`);
    } else {
      showResult(true, `Dead letter ${id} discarded.`);
    }
  } catch (e) {
    showResult(false, e.message);
  }
  result.scrollIntoView({ block: 'nearest' });
  await loadLetters();
  if (state.shown === String(id) && !$('letter-detail').hidden) {
    await show(id); // the fields shown change with the replay or discard
    result.scrollIntoView({ block: 'nearest' });
  }
  afterChange();
}

function showResult(ok, text) {
  const result = $('letter-result');
  result.hidden = false;
  result.className = 'result ' + (ok ? 'ok' : 'bad');
  result.textContent = text;
}

export function initLetters(onChange) {
  afterChange = onChange;
  const form = $('letter-filters');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.status = form.elements.status.value;
    state.object = form.elements.object.value;
    state.offset = 0;
    loadLetters();
  });
  $('letter-rows').addEventListener('click', (event) => {
    const b = event.target.closest('button[data-action]');
    if (!b) {
      return;
    }
    if (b.dataset.action === 'show') {
      show(b.dataset.id);
    } else {
      act(b.dataset.action, b.dataset.id);
    }
  });
  bindPager('letter', state, loadLetters);
  $('letter-detail-close').addEventListener('click', () => {
    $('letter-detail').hidden = true;
    state.shown = null;
  });
}
