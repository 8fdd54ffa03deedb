/**
 * One figure of the insight page: a chart (chart.js, when the figure has one), the same numbers as an accessible data
 * table, and a CSV download of exactly the table's cells. Table and CSV are built from one list of columns, so they
 * cannot disagree; the chart is drawn from the same rows.
 *
 * A column: `{ label, value(row) → string | string[], header? }`; a list value is shown as a list and joined with
 * " | " in the CSV. `actions(row)` adds a last column of links that is not part of the data (and not in the CSV).
 */
import { el } from './lib/dom.js';

/** CSV as Excel in Danish expects it: UTF-8 with BOM, ";" between fields, CRLF, quotes where needed. */
export function toCsv(columns, rows) {
  const field = (value) => {
    const text = Array.isArray(value) ? value.join(' | ') : String(value ?? '');
    return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((column) => field(column.label)), ...rows.map((row) => columns.map((column) => field(column.value(row))))];
  return `\uFEFF${lines.map((line) => line.join(';')).join('\r\n')}\r\n`;
}

function cell(tag, value, attributes = {}) {
  if (Array.isArray(value)) return el(tag, attributes, value.length ? el('ul', { class: 'cell-list' }, value.map((item) => el('li', { text: item }))) : '');
  return el(tag, { ...attributes, text: value });
}

function table({ caption, columns, rows, actions }) {
  return el(
    'table',
    { class: 'data-table' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, columns.map((column) => el('th', { scope: 'col', text: column.label })), actions ? el('th', { scope: 'col', text: actions.label }) : null)),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el(
          'tr',
          {},
          columns.map((column, index) => cell(index === 0 ? 'th' : 'td', column.value(row), index === 0 ? { scope: 'row' } : {})),
          actions ? el('td', { class: 'data-table__actions' }, actions.render(row)) : null,
        ),
      ),
    ),
  );
}

const urls = new Map();

/**
 * Renders a figure into `container` (replacing what was there).
 * @param {HTMLElement} container
 * @param {{ id: string, caption: string, summary: string, columns: object[], rows: object[], fileName: string,
 *   empty: string, chart?: object, actions?: { label: string, render(row): Node }, note?: string }} figure
 * @param {(canvas: HTMLCanvasElement, config: object) => void} draw draws a chart.js config on the canvas
 */
export function renderFigure(container, figure, draw) {
  if (urls.has(figure.id)) URL.revokeObjectURL(urls.get(figure.id));
  urls.delete(figure.id);
  if (figure.rows.length === 0) {
    container.replaceChildren(el('p', { class: 'insight-empty', text: figure.empty }));
    return;
  }
  const url = URL.createObjectURL(new Blob([toCsv(figure.columns, figure.rows)], { type: 'text/csv;charset=utf-8' }));
  urls.set(figure.id, url);
  const tableId = `${figure.id}-table`;
  const canvas = figure.chart
    ? el('canvas', { id: `${figure.id}-chart`, role: 'img', 'aria-label': `${figure.summary} Tallene står i tabellen under diagrammet.` }, el('p', { text: figure.summary }))
    : null;
  container.replaceChildren(
    ...(canvas ? [el('div', { class: `chart chart--${figure.chart.size ?? 'medium'}` }, canvas)] : []),
    ...(figure.note ? [el('p', { class: 'muted', text: figure.note })] : []),
    el(
      'details',
      { class: 'figure-table', ...(canvas ? {} : { open: true }) },
      el('summary', { text: `Vis som tabel (${figure.rows.length} ${figure.rows.length === 1 ? 'række' : 'rækker'})` }),
      el('div', { class: 'table-scroll', id: tableId, tabindex: '0', role: 'region', 'aria-label': figure.caption }, table(figure)),
    ),
    el('p', { class: 'figure-download' }, el('a', { class: 'button button--secondary', href: url, download: figure.fileName, 'data-csv': figure.id }, 'Hent CSV', el('span', { class: 'visually-hidden', text: `: ${figure.caption}` }))),
  );
  if (canvas) draw(canvas, figure.chart);
}
