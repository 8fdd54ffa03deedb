/**
 * An in-memory EscalationService for console tests: the port's rules (one claimer wins, only the claimer replies,
 * releases or resolves; reassign to enabled advisers only) and a record of every call.
 */
import type {
  AdviserIdentity,
  EscalationDetail,
  EscalationError,
  EscalationListFilter,
  EscalationResult,
  EscalationService,
  EscalationSummary,
} from '../../../../bot/escalation/escalation-port.js';

export interface FakeEscalationService extends EscalationService {
  /** Adds a queued escalation (fields override the defaults) and returns it. */
  seed(patch?: Partial<EscalationDetail>): EscalationDetail;
  readonly items: Map<string, EscalationDetail>;
  readonly calls: Array<{ method: string; args: unknown[] }>;
  /** Advisers that `reassign` accepts. */
  knownAdvisers: Set<string>;
  /** Makes the next call of any method throw this error. */
  failNext(error: Error): void;
}

export function createFakeEscalationService(): FakeEscalationService {
  const items = new Map<string, EscalationDetail>();
  const calls: FakeEscalationService['calls'] = [];
  let failure: Error | undefined;
  let n = 0;
  const knownAdvisers = new Set<string>();

  const refuse = <T>(error: EscalationError): EscalationResult<T> => ({ ok: false, error, message: `internal detail: ${error} in fake.ts` });
  const summary = (item: EscalationDetail): EscalationSummary => {
    const { transcript: _t, conversationKey: _c, lastAnswer: _l, resolutionNote: _r, ...rest } = item;
    return rest;
  };
  const record = (method: string, args: unknown[]) => {
    calls.push({ method, args });
    if (failure) {
      const error = failure;
      failure = undefined;
      throw error;
    }
  };
  /** Looks up an escalation claimed by `adviser`, or says why not. */
  const mine = (id: string, adviser: AdviserIdentity): EscalationDetail | EscalationError => {
    const item = items.get(id);
    if (!item) return 'not_found';
    if (item.status === 'resolved' || item.status === 'cancelled') return 'closed';
    if (item.status !== 'claimed' || item.adviserId !== adviser.id) return 'not_yours';
    return item;
  };

  return {
    items,
    calls,
    knownAdvisers,
    failNext: (error) => void (failure = error),
    seed(patch = {}) {
      const id = patch.id ?? `esc-${++n}`;
      const item: EscalationDetail = {
        id,
        status: 'queued',
        trigger: 'user_request',
        channel: 'web',
        language: 'da',
        question: 'Hvem har arbejdet med velfærdsteknologi?',
        summary: 'Spørgsmål: velfærdsteknologi',
        createdAt: new Date().toISOString(),
        dueAt: new Date(Date.now() + 4 * 3600_000).toISOString(),
        ageMinutes: 3,
        overdue: false,
        conversationKey: `web:${id}`,
        transcript: [],
        ...patch,
      };
      items.set(id, item);
      return item;
    },
    async list(filter: EscalationListFilter = {}) {
      record('list', [filter]);
      return [...items.values()]
        .filter((i) => !filter.status || filter.status.includes(i.status))
        .filter((i) => !filter.adviserId || i.adviserId === filter.adviserId)
        .filter((i) => !filter.channel || i.channel === filter.channel)
        .map(summary);
    },
    async get(id) {
      record('get', [id]);
      return items.get(id);
    },
    async claim(id, adviser) {
      record('claim', [id, adviser]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const item = items.get(id);
      if (!item) return refuse('not_found');
      if (item.status === 'resolved' || item.status === 'cancelled') return refuse('closed');
      if (item.status !== 'queued') return refuse('already_claimed');
      Object.assign(item, { status: 'claimed', adviserId: adviser.id, adviserName: adviser.name });
      return { ok: true, value: summary(item) };
    },
    async release(id, adviser) {
      record('release', [id, adviser]);
      const item = mine(id, adviser);
      if (typeof item === 'string') return refuse(item);
      Object.assign(item, { status: 'queued', adviserId: undefined, adviserName: undefined });
      return { ok: true, value: summary(item) };
    },
    async reassign(id, adviser, toAdviserId) {
      record('reassign', [id, adviser, toAdviserId]);
      if (!knownAdvisers.has(toAdviserId)) return refuse('unknown_adviser');
      const item = items.get(id);
      if (!item) return refuse('not_found');
      if (item.status !== 'queued') {
        const check = mine(id, adviser);
        if (typeof check === 'string') return refuse(check);
      }
      Object.assign(item, { status: 'claimed', adviserId: toAdviserId, adviserName: toAdviserId });
      return { ok: true, value: summary(item) };
    },
    async reply(id, adviser, text) {
      record('reply', [id, adviser, text]);
      const item = mine(id, adviser);
      if (typeof item === 'string') return refuse(item);
      const messageId = `msg-${item.transcript.length + 1}`;
      item.transcript.push({ id: messageId, role: 'adviser', text, authorName: adviser.name, citations: [], createdAt: new Date().toISOString() });
      return { ok: true, value: { messageId } };
    },
    async resolve(id, adviser, options = {}) {
      record('resolve', [id, adviser, options]);
      const item = mine(id, adviser);
      if (typeof item === 'string') return refuse(item);
      Object.assign(item, { status: 'resolved', resolutionNote: options.note });
      return { ok: true, value: summary(item) };
    },
    async cancelByUser(conversationKey) {
      record('cancelByUser', [conversationKey]);
      const item = [...items.values()].find((i) => i.conversationKey === conversationKey && i.status === 'queued');
      if (!item) return refuse('not_queued');
      item.status = 'cancelled';
      return { ok: true, value: summary(item) };
    },
  };
}
