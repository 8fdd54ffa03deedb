/**
 * The insight page: reads the period and filters from the address (the filter form is a plain GET form, so every
 * view has its own link), loads GET /api/insight with the same query, and renders each figure: chart, table, CSV.
 */
import { ApiError, getJson, setCsrfToken } from './console-api.js';
import { buildFigures } from './insight-figures.js';
import { renderFigure } from './insight-figure.js';
import { formatDay } from './insight-format.js';

const byId = (id) => document.getElementById(id);
const status = byId('insight-status');
const sections = byId('insight-sections');
const period = byId('filter-period');
const custom = byId('custom-period');
const charts = new Map();
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The query string the API understands, from the address (unknown keys dropped). */
function currentQuery() {
  const params = new URLSearchParams(window.location.search);
  const query = new URLSearchParams();
  for (const key of ['period', 'from', 'to', 'channel', 'audience']) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  if (query.get('period') !== 'custom') {
    query.delete('from');
    query.delete('to');
  }
  return query;
}

/** Puts the query's values into the form. */
function fillForm(query) {
  period.value = query.get('period') ?? '30';
  byId('filter-from').value = query.get('from') ?? '';
  byId('filter-to').value = query.get('to') ?? '';
  byId('filter-channel').value = query.get('channel') ?? '';
  byId('filter-audience').value = query.get('audience') ?? '';
  showCustom();
}

function showCustom() {
  const on = period.value === 'custom';
  custom.hidden = !on;
  for (const input of custom.querySelectorAll('input')) input.required = on;
}

/** Draws a chart.js config on the canvas (replacing an earlier chart there). */
function draw(canvas, config) {
  charts.get(canvas.id)?.destroy();
  const { size: _size, ...chartConfig } = config;
  const chart = new window.Chart(canvas, {
    ...chartConfig,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 300 },
      plugins: { legend: { position: 'bottom', labels: { color: '#1b232c' } } },
      ...chartConfig.options,
    },
  });
  charts.set(canvas.id, chart);
}

function describe(report) {
  const parts = [`${formatDay(report.period.from)} – ${formatDay(report.period.to)} (${report.period.days} dage)`];
  const channel = byId('filter-channel').selectedOptions[0];
  const audience = byId('filter-audience').selectedOptions[0];
  if (report.filters.channel) parts.push(`kanal: ${channel?.textContent ?? report.filters.channel}`);
  if (report.filters.audience) parts.push(`målgruppe: ${audience?.textContent ?? report.filters.audience}`);
  return `Viser ${parts.join(', ')}.`;
}

async function load() {
  const query = currentQuery();
  fillForm(query);
  sections.setAttribute('aria-busy', 'true');
  status.classList.remove('alert');
  status.textContent = 'Henter tal…';
  try {
    const report = await getJson(`/api/insight?${query}`);
    const figures = buildFigures(report);
    if (typeof window.Chart !== 'function') throw new Error('chart.js mangler');
    for (const container of sections.querySelectorAll('[data-figure]')) renderFigure(container, figures[container.dataset.figure], draw);
    byId('escalations-lead').textContent = `Målet er, at en rådgiver overtager inden for ${report.escalations.targetWorkingHours} arbejdstimer (kontortid); tider er medianer i timer fra henvendelsen blev åbnet.`;
    status.textContent = describe(report);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    status.classList.add('alert');
    status.textContent = error instanceof ApiError && error.status === 400 ? `Perioden eller filtrene er ugyldige: ${error.message}` : 'Tallene kunne ikke hentes. Genindlæs siden, og prøv igen.';
  } finally {
    sections.setAttribute('aria-busy', 'false');
  }
}

async function start() {
  period.addEventListener('change', showCustom);
  const who = await getJson('/api/advisers/me');
  setCsrfToken(who.csrfToken);
  byId('sign-out-csrf').value = who.csrfToken ?? '';
  byId('me').textContent = who.adviser.name;
  await load();
}

start().catch(() => {
  status.classList.add('alert');
  status.textContent = 'Siden kunne ikke starte. Genindlæs siden.';
});
