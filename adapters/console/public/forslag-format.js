/**
 * Danish labels for the Forslag page: statuses, sources, history entries, scores and sizes.
 */
import { ageLabel } from './format.js';

const STATUS = { new: 'Ny', asked: 'Spurgt', rejected: 'Afvist', published: 'Publiceret', unpublished: 'Afpubliceret' };
const SOURCE = { submission: 'Indsendt case', adviser_draft: 'Rådgiverudkast' };
const ACTION = {
  created: 'Indsendt',
  draft_created: 'Udkast fra en løst henvendelse',
  document_unpublished: 'Afpubliceret fra Bibliotek',
  edited: 'Rettet',
  asked: 'Spørgsmål til indsenderen',
  rejected: 'Afvist',
  published: 'Publiceret',
  unpublished: 'Afpubliceret',
};

/** "Ny", "Spurgt", "Afvist", "Publiceret", "Afpubliceret". */
export const statusLabel = (status) => STATUS[status] ?? status;
/** "Indsendt case" or "Rådgiverudkast". */
export const sourceLabel = (source) => SOURCE[source] ?? source;

/** A history entry's action in Danish (the audit's `submission_published` → "Publiceret"). */
export function actionLabel(action) {
  const name = String(action).replace(/^submission[._]/, '');
  return ACTION[name] ?? name;
}

/** Age of an ISO time: "nu", "12 min", "3 t 5 min", "2 døgn". */
export const ageSince = (iso, now = Date.now()) => ageLabel((now - new Date(iso).getTime()) / 60_000);

/**
 * A near-duplicate counts as very close from this similarity on (the cosine similarity the service gives, 0–1). On the
 * sample library, each of the 37 cases searched by its own title and opening scored from 0.70 (median 0.88), and the
 * closest other case reached 0.70 for 2 of them: a false alarm costs the adviser a look, a miss a second copy of a
 * case in the library. The same title always counts.
 */
export const VERY_CLOSE = 0.7;

const foldTitle = (title) => String(title ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** True when a library document is very likely the same story: the same title, or a similarity from VERY_CLOSE. */
export const isVeryClose = (duplicate, title) =>
  Number(duplicate.similarity ?? 0) >= VERY_CLOSE || (foldTitle(title) !== '' && foldTitle(duplicate.title) === foldTitle(title));

/** "Lighed 0,87" when the service gave a similarity, else the rank score ("Score 0,033"). */
export const likenessLabel = (duplicate) =>
  duplicate.similarity !== undefined && duplicate.similarity !== null
    ? `Lighed ${scoreLabel(duplicate.similarity)}`
    : `Score ${scoreLabel(duplicate.score)}`;

/** "0,87", or "0,033" for the small scores of a fused rank. */
export const scoreLabel = (score) => {
  const n = Number(score);
  const digits = Math.abs(n) < 0.1 ? 3 : 2;
  return n.toLocaleString('da-DK', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

/** "1,2 MB", "340 kB". */
export function sizeLabel(bytes) {
  const n = Number(bytes) || 0;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toLocaleString('da-DK', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(n / 1024))} kB`;
}
