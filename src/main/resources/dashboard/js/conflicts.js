// (d) Conflicts: fields changed on both sides, the values of each side and which one the mapping's policy kept.
import { get } from './api.js';
import { cell, fillRows, rangeText, timeElement } from './format.js';

const COLUMNS = 8;
const PAGE = 50;
const state = { offset: 0, total: 0 };
const $ = (id) => document.getElementById(id);

export async function loadConflicts() {
  let answer;
  try {
    answer = await get('/api/conflicts', { limit: PAGE, offset: state.offset });
  } catch (e) {
    fillRows($('conflict-rows'), [], COLUMNS, 'The conflicts could not be read: ' + e.message);
    return;
  }
  const rows = answer.body || [];
  state.total = answer.total ?? state.offset + rows.length;
  fillRows($('conflict-rows'), rows.map((c) => {
    const tr = document.createElement('tr');
    tr.append(cell(timeElement(c.createdAt)), cell(c.object), cell(c.recordId || `${c.table}.${c.rowId}`),
      cell(`${c.field} (${c.column})`), cell(c.localValue ?? '', 'wide'), cell(c.salesforceValue ?? '', 'wide'),
      cell(c.policy), cell(c.winner));
    return tr;
  }), COLUMNS, 'No conflict recorded.');
  $('conflict-range').textContent = rangeText(state.offset, rows.length, state.total);
  $('conflict-prev').disabled = state.offset === 0;
  $('conflict-next').disabled = state.offset + rows.length >= state.total;
}

export function initConflicts() {
  $('conflict-prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE);
    loadConflicts();
  });
  $('conflict-next').addEventListener('click', () => {
    state.offset += PAGE;
    loadConflicts();
  });
}
