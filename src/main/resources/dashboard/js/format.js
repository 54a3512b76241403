// How the page writes times and numbers: in the viewer's time zone and locale (Intl), never the server's.

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
// The log keeps days, not years (retention): the year is in each time's tooltip.
const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hourMinute = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const numbers = new Intl.NumberFormat();
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export const viewerZone = zone;

/** A <time> element for an ISO instant ('' when absent), its full form in the tooltip. */
export function timeElement(iso) {
  if (!iso) {
    return document.createTextNode('');
  }
  const t = document.createElement('time');
  t.dateTime = iso;
  const d = new Date(iso);
  t.textContent = dateTime.format(d);
  t.title = d.toString();
  return t;
}

export function formatDateTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '';
}

export function formatTime(date) {
  return timeOnly.format(date);
}

export function formatHourMinute(date) {
  return hourMinute.format(date);
}

export function formatNumber(n) {
  return n === null || n === undefined ? '–' : numbers.format(n);
}

export function formatRate(perSecond) {
  return oneDecimal.format(perSecond);
}

/** "3 h 5 min", "4 min 10 s", "12 s". */
export function formatDuration(seconds) {
  if (!isFinite(seconds) || seconds < 0) {
    return '';
  }
  const s = Math.round(seconds);
  if (s >= 3600) {
    return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  }
  if (s >= 60) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${s} s`;
}

/** The value of a datetime-local input (the viewer's local time) as an ISO instant, '' when empty. */
export function localInputToIso(value) {
  if (!value) {
    return '';
  }
  const d = new Date(value);
  return isNaN(d) ? '' : d.toISOString();
}

/** A status label as a CSS class: "In Progress" -> "in-progress". */
export function statusClass(status) {
  return String(status || '').toLowerCase().replace(/[^a-z]+/g, '-');
}

/** A status badge element. */
export function badge(status) {
  const span = document.createElement('span');
  span.className = 'badge ' + statusClass(status);
  span.textContent = status;
  return span;
}

/** A table cell with text (and optional class). */
export function cell(text, className) {
  const td = document.createElement('td');
  if (className) {
    td.className = className;
  }
  if (text instanceof Node) {
    td.append(text);
  } else if (text !== null && text !== undefined) {
    td.textContent = text;
  }
  return td;
}

/** An error: its code (small) above its message, in one cell. */
export function errorCell(code, message) {
  const td = cell(null, 'wide');
  if (code) {
    const c = document.createElement('div');
    c.className = 'code';
    c.textContent = code;
    td.append(c);
  }
  td.append(message || '');
  return td;
}

/** A number cell, greyed when zero. */
export function numberCell(n) {
  return cell(formatNumber(n), n ? 'num' : 'num zero');
}

/** Replaces a tbody's rows at once (one reflow), or shows `emptyText` across `columns` when there are none. */
export function fillRows(tbody, rows, columns, emptyText) {
  const fragment = document.createDocumentFragment();
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = cell(emptyText, 'empty');
    td.colSpan = columns;
    tr.append(td);
    fragment.append(tr);
  } else {
    for (const row of rows) {
      fragment.append(row);
    }
  }
  tbody.replaceChildren(fragment);
}

/** "1–50 of 1,234". */
export function rangeText(offset, shown, total) {
  if (total === 0 || shown === 0) {
    return 'No rows';
  }
  return `${formatNumber(offset + 1)}–${formatNumber(offset + shown)} of ${formatNumber(total)}`;
}

/**
 * The pager under a table ({prefix}-range, {prefix}-prev, {prefix}-next): `state` holds offset, limit and total;
 * `load` reads the page again.
 */
export function bindPager(prefix, state, load) {
  document.getElementById(prefix + '-prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - state.limit);
    load();
  });
  document.getElementById(prefix + '-next').addEventListener('click', () => {
    state.offset += state.limit;
    load();
  });
}

/** Shows where a page is ("1–50 of N") and which way the pager can go. */
export function showPage(prefix, state, shown) {
  document.getElementById(prefix + '-range').textContent = rangeText(state.offset, shown, state.total);
  document.getElementById(prefix + '-prev').disabled = state.offset === 0;
  document.getElementById(prefix + '-next').disabled = state.offset + shown >= state.total;
}
