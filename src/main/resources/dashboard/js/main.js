// The dashboard's entry point: tabs, the error banner, the summary cards and the refresh timer (every few
// seconds while a step runs, every half minute otherwise).
import { currentFailures, get, onFailuresChanged } from './api.js';
import { backlogTotals, loadCharts } from './charts.js';
import { initConflicts, loadConflicts } from './conflicts.js';
import { formatNumber, formatTime, viewerZone } from './format.js';
import { initLetters, loadLetters } from './letters.js';
import { initLog, isRunning, loadFacets, loadLog, onRunningFound } from './log.js';

const LIVE_MS = 3000;
const IDLE_MS = 30000;
const $ = (id) => document.getElementById(id);
const loaders = { log: loadLog, letters: loadLetters, conflicts: loadConflicts, charts: loadCharts };
let tab = 'log';
let running = false;
let timer = null;

function renderBanner() {
  const failures = currentFailures();
  const banner = $('banner');
  banner.hidden = failures.length === 0;
  if (failures.length === 0) {
    return;
  }
  const list = document.createElement('ul');
  for (const [, message] of failures) {
    const li = document.createElement('li');
    li.textContent = message;
    list.append(li);
  }
  const head = document.createElement('strong');
  head.textContent = failures.length === 1 ? 'A call to the sfsync API failed:' : 'Calls to the sfsync API failed:';
  banner.replaceChildren(head, list);
}

async function total(path, params) {
  try {
    return (await get(path, { ...params, limit: 1 })).total;
  } catch (e) {
    return null;
  }
}

async function loadSummary() {
  const dayAgo = new Date(Date.now() - 24 * 3600000).toISOString();
  const [steps, runningSteps, failed, letters, backlog] = await Promise.all([
    total('/api/sync-steps', { from: dayAgo }),
    total('/api/sync-steps', { status: 'In Progress' }),
    total('/api/sync-steps', { from: dayAgo, status: 'Failed,Incomplete,Rolled back' }),
    total('/api/dead-letters', { status: 'New' }),
    backlogTotals(),
  ]);
  $('card-steps').textContent = formatNumber(steps);
  $('card-running').textContent = formatNumber(runningSteps);
  $('card-failed').textContent = formatNumber(failed);
  $('card-letters').textContent = formatNumber(letters);
  $('tab-letters-count').textContent = letters ? formatNumber(letters) : '';
  $('card-push').textContent = formatNumber(backlog && backlog.push);
  $('card-pull').textContent = formatNumber(backlog && backlog.pull);
  return runningSteps > 0;
}

async function refresh() {
  clearTimeout(timer);
  const [runningNow] = await Promise.all([loadSummary(), loaders[tab]()]);
  running = runningNow || isRunning();
  $('updated').textContent = 'Updated ' + formatTime(new Date());
  schedule();
}

function schedule() {
  clearTimeout(timer);
  $('live').hidden = !running;
  timer = setTimeout(refresh, running ? LIVE_MS : IDLE_MS);
}

function selectTab(name) {
  if (!loaders[name]) {
    return;
  }
  tab = name;
  for (const b of document.querySelectorAll('[role=tab]')) {
    const selected = b.dataset.tab === name;
    b.setAttribute('aria-selected', String(selected));
    b.tabIndex = selected ? 0 : -1;
    $(b.getAttribute('aria-controls')).hidden = !selected;
  }
  if (location.hash !== '#' + name) {
    history.replaceState(null, '', '#' + name);
  }
  loaders[name]();
}

function init() {
  $('zone').textContent = viewerZone;
  onFailuresChanged(renderBanner);
  onRunningFound(() => {
    if (!running) {
      running = true;
      schedule();
    }
  });
  initLog();
  initLetters(refresh);
  initConflicts();
  document.querySelector('.tabs').addEventListener('click', (event) => {
    const b = event.target.closest('[role=tab]');
    if (b) {
      selectTab(b.dataset.tab);
    }
  });
  document.querySelector('.tabs').addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') {
      return;
    }
    const tabs = [...document.querySelectorAll('[role=tab]')];
    const next = tabs[(tabs.findIndex((b) => b.dataset.tab === tab) + (event.key === 'ArrowRight' ? 1 : -1) + tabs.length)
      % tabs.length];
    selectTab(next.dataset.tab);
    next.focus();
  });
  $('refresh').addEventListener('click', () => {
    loadFacets();
    refresh();
  });
  const wanted = location.hash.slice(1);
  if (loaders[wanted] && wanted !== 'log') {
    selectTab(wanted);
  }
  loadFacets();
  refresh();
}

init();
