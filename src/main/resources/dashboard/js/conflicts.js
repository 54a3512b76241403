// (d) Conflicts: fields changed on both sides, the values of each side and which one the mapping's policy kept.
import { get } from './api.js';
import { bindPager, cell, fillRows, showPage, timeElement } from './format.js';

const COLUMNS = 8;
const state = { offset: 0, limit: 50, total: 0 };
const $ = (id) => document.getElementById(id);

export async function loadConflicts() {
  let answer;
  try {
    answer = await get('/api/conflicts', { limit: state.limit, offset: state.offset });
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
  showPage('conflict', state, rows.length);
}

export function initConflicts() {
  bindPager('conflict', state, loadConflicts);
}
