/**
 * The insight report (GET /api/insight) as figures: for each, the rows, the table's columns (which are also the
 * CSV's) and the chart.js config drawn from the same rows.
 */
import { el } from './lib/dom.js';
import { channelLabel, formatCount, formatDay, formatHours, formatPercent, intentLabel, typeLabel, weekLong, weekShort } from './insight-format.js';

/** Distinguishable colours with at least 3:1 contrast against white. */
const COLOURS = ['#0b5563', '#c2410c', '#6d28d9', '#15803d', '#b91c1c', '#475569', '#a16207'];
const CHANNELS = ['web', 'slack', 'teams'];
const INTENTS = ['case_lookup', 'method', 'greeting', 'out_of_scope', 'human', 'feedback'];
const REASONS = { low_confidence: 'Lav sikkerhed', thumbs_down: '👎', no_answer: 'Intet svar' };

const bars = (labels, datasets, options = {}) => ({
  type: 'bar',
  data: { labels, datasets: datasets.map((dataset, index) => ({ backgroundColor: COLOURS[index % COLOURS.length], ...dataset })) },
  options: { scales: { x: { stacked: options.stacked ?? false }, y: { stacked: options.stacked ?? false, beginAtZero: true, ticks: { precision: 0 } } }, ...(options.horizontal ? { indexAxis: 'y' } : {}) },
  size: options.size,
});

/** The keys present in the rows, known ones first in their order. */
function keysOf(rows, key, known) {
  const present = new Set(rows.map((row) => row[key]));
  return [...known.filter((k) => present.has(k)), ...[...present].filter((k) => !known.includes(k)).sort()];
}

/** A weekly count table: one row per week, one column per key, and a total. */
function weekly(report, rows, key, valueKey, known, label) {
  const keys = keysOf(rows, key, known);
  const byWeek = report.weeks.map((week) => {
    const counts = Object.fromEntries(keys.map((k) => [k, 0]));
    for (const row of rows) if (row.week === week) counts[row[key]] += row[valueKey];
    return { week, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  });
  const columns = [
    { label: 'Uge', value: (row) => weekLong(row.week) },
    ...keys.map((k) => ({ label: label(k), value: (row) => formatCount(row.counts[k]) })),
    { label: 'I alt', value: (row) => formatCount(row.total) },
  ];
  const chart = bars(
    byWeek.map((row) => weekShort(row.week)),
    keys.map((k) => ({ label: label(k), data: byWeek.map((row) => row.counts[k]) })),
    { stacked: true },
  );
  return { rows: rows.length ? byWeek : [], columns, chart };
}

function draftLink(gap, type, text) {
  const params = new URLSearchParams({ type, topic: gap.topic, count: String(gap.count) });
  for (const example of gap.examples) params.append('example', example);
  return el('a', { href: `/api/insight/draft?${params}`, download: '', class: 'draft-link' }, text, el('span', { class: 'visually-hidden', text: ` om ${gap.topic}` }));
}

/** Every figure of the page, by the `data-figure` name of its container. */
export function buildFigures(report) {
  const period = `${formatDay(report.period.from)} – ${formatDay(report.period.to)}`;
  const questions = weekly(report, report.questionsByChannel, 'channel', 'questions', CHANNELS, channelLabel);
  const intents = weekly(report, report.repliesByIntent, 'intent', 'replies', INTENTS, intentLabel);
  const quality = report.quality.some((week) => week.answers > 0 || week.up + week.down > 0) ? report.quality : [];
  const gaps = report.gaps.topics;
  const escalations = report.escalations.byChannel;
  const cited = report.documents.mostCited;
  const uncited = report.documents.neverCited;
  const gapReasons = keysOf(gaps.flatMap((gap) => Object.keys(gap.reasons).map((reason) => ({ reason }))), 'reason', Object.keys(REASONS));

  return {
    questions: {
      id: 'questions',
      caption: `Spørgsmål pr. uge efter kanal, ${period}`,
      summary: 'Stablet søjlediagram over brugernes spørgsmål pr. uge, fordelt på kanal.',
      fileName: `spoergsmaal-pr-uge_${report.period.from}_${report.period.to}.csv`,
      empty: 'Ingen spørgsmål i perioden.',
      ...questions,
    },
    intents: {
      id: 'intents',
      caption: `Assistentens svar pr. uge efter hensigt, ${period}`,
      summary: 'Stablet søjlediagram over assistentens svar pr. uge, fordelt på hvad brugeren ville.',
      fileName: `svar-pr-hensigt_${report.period.from}_${report.period.to}.csv`,
      empty: 'Ingen svar i perioden.',
      ...intents,
    },
    quality: {
      id: 'quality',
      caption: `Svarkvalitet pr. uge, ${period}`,
      summary: 'Linjediagram over andelen af svar med lav sikkerhed og andelen 👍 af brugernes stemmer pr. uge, i procent.',
      fileName: `svarkvalitet-pr-uge_${report.period.from}_${report.period.to}.csv`,
      empty: 'Ingen svar eller stemmer i perioden.',
      rows: quality,
      columns: [
        { label: 'Uge', value: (row) => weekLong(row.week) },
        { label: 'Svar', value: (row) => formatCount(row.answers) },
        { label: 'Lav sikkerhed', value: (row) => formatCount(row.lowConfidence) },
        { label: 'Andel lav sikkerhed (%)', value: (row) => formatPercent(row.lowConfidenceShare) },
        { label: '👍', value: (row) => formatCount(row.up) },
        { label: '👎', value: (row) => formatCount(row.down) },
        { label: 'Andel 👍 (%)', value: (row) => formatPercent(row.upShare) },
      ],
      chart: {
        type: 'line',
        data: {
          labels: quality.map((row) => weekShort(row.week)),
          datasets: [
            { label: 'Lav sikkerhed (% af svar)', data: quality.map((row) => (row.lowConfidenceShare === null ? null : Math.round(row.lowConfidenceShare * 1000) / 10)), borderColor: COLOURS[1], backgroundColor: COLOURS[1], spanGaps: true },
            { label: '👍 (% af stemmer)', data: quality.map((row) => (row.upShare === null ? null : Math.round(row.upShare * 1000) / 10)), borderColor: COLOURS[0], backgroundColor: COLOURS[0], spanGaps: true },
          ],
        },
        options: { scales: { y: { min: 0, max: 100, ticks: { callback: (value) => `${value} %` } } } },
      },
    },
    gaps: {
      id: 'gaps',
      caption: `Videnshuller efter emne, ${period}`,
      summary: 'Liggende søjlediagram over de emner, flest spørgsmål uden godt svar handlede om.',
      fileName: `videnshuller_${report.period.from}_${report.period.to}.csv`,
      empty: 'Ingen videnshuller i perioden.',
      note: `${formatCount(report.gaps.questions)} spørgsmål uden godt svar i ${formatCount(report.gaps.topicCount)} emner${report.gaps.topics.length < report.gaps.topicCount ? `; de ${report.gaps.topics.length} største vises` : ''}${report.gaps.capped ? ` (kun de nyeste ${formatCount(report.gaps.limit)} spørgsmål er grupperet)` : ''}.`,
      rows: gaps,
      columns: [
        { label: 'Emne', value: (gap) => gap.topic },
        { label: 'Spørgsmål', value: (gap) => formatCount(gap.count) },
        ...gapReasons.map((reason) => ({ label: REASONS[reason] ?? reason, value: (gap) => formatCount(gap.reasons[reason] ?? 0) })),
        { label: 'Eksempler', value: (gap) => gap.examples },
      ],
      actions: { label: 'Start et udkast', render: (gap) => el('span', { class: 'draft-links' }, draftLink(gap, 'case', 'Case-udkast'), draftLink(gap, 'method', 'Metode-udkast')) },
      chart: bars(gaps.slice(0, 10).map((gap) => gap.topic), [{ label: 'Spørgsmål', data: gaps.slice(0, 10).map((gap) => gap.count) }], { horizontal: true, size: 'tall' }),
    },
    escalations: {
      id: 'escalations',
      caption: `Eskaleringer efter kanal, ${period}`,
      summary: `Søjlediagram over eskaleringer pr. kanal: åbnet, overtaget inden for målet på ${report.escalations.targetWorkingHours} arbejdstimer, overtaget senere, og ventende over tid.`,
      fileName: `eskaleringer_${report.period.from}_${report.period.to}.csv`,
      empty: 'Ingen eskaleringer i perioden.',
      rows: escalations,
      columns: [
        { label: 'Kanal', value: (row) => channelLabel(row.channel) },
        { label: 'Åbnet', value: (row) => formatCount(row.opened) },
        { label: 'Overtaget', value: (row) => formatCount(row.claimed) },
        { label: 'Overtaget inden for målet', value: (row) => formatCount(row.claimedOnTime) },
        { label: 'Andel inden for målet (%)', value: (row) => formatPercent(row.claimed > 0 ? row.claimedOnTime / row.claimed : null) },
        { label: 'Venter, over tid', value: (row) => formatCount(row.waitingOverdue) },
        { label: 'Venter, inden for målet', value: (row) => formatCount(row.waiting) },
        { label: 'Løst', value: (row) => formatCount(row.resolved) },
        { label: 'Annulleret', value: (row) => formatCount(row.cancelled) },
        { label: 'Median tid til overtagelse (timer)', value: (row) => formatHours(row.medianMinutesToClaim) },
        { label: 'Median tid til løsning (timer)', value: (row) => formatHours(row.medianMinutesToResolve) },
      ],
      chart: bars(escalations.map((row) => channelLabel(row.channel)), [
        { label: 'Åbnet', data: escalations.map((row) => row.opened) },
        { label: 'Overtaget inden for målet', data: escalations.map((row) => row.claimedOnTime) },
        { label: 'Overtaget efter målet', data: escalations.map((row) => row.claimed - row.claimedOnTime) },
        { label: 'Venter, over tid', data: escalations.map((row) => row.waitingOverdue) },
      ]),
    },
    cited: {
      id: 'cited',
      caption: `Mest citerede dokumenter, ${period}`,
      summary: 'Liggende søjlediagram over de dokumenter, flest svar citerede.',
      fileName: `mest-citerede_${report.period.from}_${report.period.to}.csv`,
      empty: 'Ingen svar med kilder i perioden.',
      rows: cited,
      columns: [
        { label: 'Dokument', value: (doc) => doc.title },
        { label: 'Type', value: (doc) => typeLabel(doc.type) },
        { label: 'Svar der citerer det', value: (doc) => formatCount(doc.answers) },
        { label: 'Id', value: (doc) => doc.documentId },
      ],
      chart: bars(cited.map((doc) => (doc.title.length > 40 ? `${doc.title.slice(0, 39)}…` : doc.title)), [{ label: 'Svar der citerer det', data: cited.map((doc) => doc.answers) }], { horizontal: true, size: 'tall' }),
    },
    uncited: {
      id: 'uncited',
      caption: `Dokumenter, der ikke blev citeret, ${period}`,
      summary: '',
      fileName: `ikke-citerede_${report.period.from}_${report.period.to}.csv`,
      empty: 'Alle dokumenter i biblioteket blev citeret i perioden.',
      note: `${formatCount(report.documents.neverCitedTotal)} dokumenter blev ikke citeret${uncited.length < report.documents.neverCitedTotal ? `; de første ${uncited.length} efter titel vises` : ''}.`,
      rows: uncited,
      columns: [
        { label: 'Dokument', value: (doc) => doc.title },
        { label: 'Type', value: (doc) => typeLabel(doc.type) },
        { label: 'Id', value: (doc) => doc.documentId },
      ],
    },
  };
}
