/**
 * "Del jeres erfaring" in Slack against a real Bolt app and the fake Slack Web API: the global shortcut, `/spørg del`
 * and the share button under an answer open the modal built from SUBMISSION_FIELDS (in the user's language); a
 * submission with a wrong field is answered with `response_action: 'errors'` on that field's block, a valid one with
 * the confirmation view carrying the reference, plus a DM; pressing Send twice stores one case. The last suite runs
 * the real SubmissionService on each test database: the case is stored masked with its Slack submitter, and an
 * adviser's question reaches the user's DM through the Slack delivery port.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserDelivery } from '../../bot/escalation/escalation-port.js';
import { SUBMISSION_FIELD_NAMES } from '../../bot/submissions/submission-fields.js';
import type { LibraryPublisher, SubmissionService } from '../../bot/submissions/submission-port.js';
import { createSubmissionService } from '../../bot/submissions/submission-service.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import type { FakeEngine } from '../fakes/fake-engine.js';
import { FAKE_BOT } from '../fakes/fake-slack-api.js';
import { createMemorySubmissions, type MemorySubmissions } from '../fakes/memory-submissions.js';
import { VALID_CASE } from '../support/case-submission-form.js';
import { testDatabases } from '../support/test-databases.js';
import { buttonClick, startSlackHarness, type SlackHarness } from '../unit/adapters/slack/slack-harness.js';
import { globalShortcut, viewSubmission } from '../unit/adapters/slack/slack-submission-payloads.js';

interface OpenedView {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: Array<{ type: string; block_id?: string; optional?: boolean; label?: { text: string }; element?: Record<string, any> }>;
}

let db: Db;
beforeAll(async () => {
  db = await testDatabases[0]!.open();
});
afterAll(() => db.close());

describe('Del jeres erfaring in Slack (service double)', () => {
  let h: SlackHarness;
  let submissions: MemorySubmissions;
  beforeAll(async () => {
    submissions = createMemorySubmissions();
    h = await startSlackHarness({ db, identity: true, submissions });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.fake.reset();
    submissions.stored.length = 0;
    submissions.calls.length = 0;
  });

  async function openedView(): Promise<OpenedView> {
    const [open] = await h.fake.waitFor('views.open');
    return open!.args.view as OpenedView;
  }

  it('should open a modal with every form field as its own input block when the global shortcut is used', async () => {
    const response = await h.sendAction(globalShortcut('share_case'));
    expect(response.status).toBe(200);
    const [open] = await h.fake.waitFor('views.open');
    expect(open!.args.trigger_id).toMatch(/^trig\./);
    const view = open!.args.view as OpenedView;
    expect(view.callback_id).toBe('kc_share_case');
    expect(view.title.text).toBe('Del jeres erfaring');
    const inputs = view.blocks.filter((block) => block.type === 'input');
    expect(inputs.map((block) => block.block_id)).toEqual([...SUBMISSION_FIELD_NAMES]);
    const byId = new Map(inputs.map((block) => [block.block_id, block]));
    expect(byId.get('contact_email')!.element!.type).toBe('email_text_input');
    expect(byId.get('source_url')!.element!.type).toBe('url_text_input');
    expect(byId.get('source_url')!.optional).toBe(true);
    expect(byId.get('year')!.element).toMatchObject({ type: 'number_input', is_decimal_allowed: false });
    expect(byId.get('what_we_did')!.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(byId.get('region')!.element!.type).toBe('static_select');
    expect(byId.get('innovation_type')!.element!.type).toBe('multi_static_select');
    expect(byId.get('title')!.optional).toBeUndefined();
    expect(byId.get('organisation_type')!.label!.text).toBe('Organisationstype');
    expect(byId.get('organisation_type')!.element!.options.map((option: { value: string }) => option.value)).toContain('kommune');
  });

  it("should label the modal in English when the user's Slack locale is English", async () => {
    h.fake.setUser('U7', { locale: 'en-GB' });
    await h.sendAction(globalShortcut('share_case', 'U7'));
    const view = await openedView();
    expect(view.title.text).toBe('Share your experience');
    expect(view.blocks.find((block) => block.block_id === 'organisation_type')!.label!.text).toBe('Type of organisation');
    expect(h.fake.callsTo('users.info').at(-1)!.args).toMatchObject({ user: 'U7', include_locale: 'true' });
  });

  it('should answer a wrong e-mail with response_action errors on the e-mail block and store nothing', async () => {
    await h.sendAction(globalShortcut('share_case'));
    const view = await openedView();
    const response = await h.sendAction(viewSubmission(view, { ...VALID_CASE, contact_email: 'ikke-en-mail' }, { viewId: 'V-bad' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['contact_email']);
    expect(body.errors.contact_email).toMatch(/e-mailadresse/);
    expect(submissions.stored).toHaveLength(0);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('should name every missing required field in English for an English form', async () => {
    h.fake.setUser('U8', { locale: 'en-US' });
    await h.sendAction(globalShortcut('share_case', 'U8'));
    const view = await openedView();
    const response = await h.sendAction(viewSubmission(view, { ...VALID_CASE, title: undefined, advice: undefined }, { viewId: 'V-missing', userId: 'U8' }));
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body).toEqual({ response_action: 'errors', errors: { title: 'is required', advice: 'is required' } });
  });

  it('should replace the form with the reference number, DM it, and hand the service the submitter', async () => {
    await h.sendAction(globalShortcut('share_case', 'U1'));
    const view = await openedView();
    const response = await h.sendAction(viewSubmission(view, VALID_CASE, { viewId: 'V-ok' }));
    const body = (await response.json()) as { response_action: string; view: { callback_id: string; blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    expect(body.view.callback_id).toBe('kc_share_case_done');
    expect(JSON.stringify(body.view.blocks)).toContain('KC-2026-0001');
    expect(submissions.stored).toHaveLength(1);
    expect(submissions.stored[0]!.value.frontMatter).toMatchObject({ title: VALID_CASE.title, organisation: 'Fredericia Kommune', innovation_type: ['medarbejderdreven', 'brugerdreven'] });
    expect(submissions.stored[0]!.submitter).toEqual({
      channel: 'slack', userId: 'U1', displayName: 'Bruger U1', language: 'da', audience: 'internal', conversationKey: 'slack:U1', deliveryRef: { channel: 'U1' },
    });
    const [dm] = await h.fake.waitFor('chat.postMessage');
    expect(dm!.args.channel).toBe('U1');
    expect(dm!.args.text).toContain('KC-2026-0001');
  });

  it('should store one case and send one DM when the same view is submitted twice', async () => {
    await h.sendAction(globalShortcut('share_case'));
    const view = await openedView();
    const [first, second] = await Promise.all([
      h.sendAction(viewSubmission(view, VALID_CASE, { viewId: 'V-twice' })),
      h.sendAction(viewSubmission(view, VALID_CASE, { viewId: 'V-twice' })),
    ]);
    const bodies = (await Promise.all([first.json(), second.json()])) as Array<{ response_action: string; view: { blocks: unknown[] } }>;
    expect(bodies.map((body) => body.response_action)).toEqual(['update', 'update']);
    expect(JSON.stringify(bodies[1]!.view.blocks)).toBe(JSON.stringify(bodies[0]!.view.blocks));
    expect(submissions.stored).toHaveLength(1);
    await h.fake.waitFor('chat.postMessage');
    // A later, different submission is still accepted (and DMed): proof that the DM above was the only one for V-twice.
    await h.sendAction(viewSubmission(view, { ...VALID_CASE, title: 'Et andet projekt' }, { viewId: 'V-other' }));
    await h.fake.waitFor('chat.postMessage', 2);
    expect(h.fake.callsTo('chat.postMessage').map((call) => String(call.args.text).includes('Et andet projekt'))).toEqual([false, true]);
    expect(submissions.stored).toHaveLength(2);
  });

  it('should open the modal for /spørg del instead of asking the engine', async () => {
    const engine = h.engine as FakeEngine;
    const asked = engine.calls.handleMessage.length;
    const response = await h.sendCommand({ command: '/spørg', text: 'del', user_id: 'U1', user_name: 'u1', channel_id: 'C1' });
    expect(response.status).toBe(200);
    const view = await openedView();
    expect(view.callback_id).toBe('kc_share_case');
    expect(engine.calls.handleMessage).toHaveLength(asked);
  });

  it("should offer the engine's share_case action as a button that opens the modal for that conversation", async () => {
    const engine = h.engine as FakeEngine;
    engine.queueReply({ language: 'da', actions: [{ type: 'share_case', label: 'Del jeres erfaring' }] });
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700005000.000100', text: `<@${FAKE_BOT.userId}> vi har selv prøvet det` });
    const [post] = await h.fake.waitFor('chat.postMessage');
    const actions = (post!.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((block) => block.type === 'actions')!;
    const share = actions.elements!.find((element) => element.action_id === 'kc_share_case')!;
    expect(share.value).toBe('share:da:1700005000.000100');
    h.fake.reset();

    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_share_case', value: share.value, threadTs: '1700005000.000100' }));
    const view = await openedView();
    expect(view.callback_id).toBe('kc_share_case');
    await h.sendAction(viewSubmission(view, VALID_CASE, { viewId: 'V-button' }));
    expect(submissions.stored[0]!.submitter).toMatchObject({
      conversationKey: 'slack:C1:1700005000.000100', deliveryRef: { channel: 'C1', thread_ts: '1700005000.000100' }, language: 'da',
    });
  });
});

describe('Del jeres erfaring in Slack without a submission service', () => {
  it('should open a modal that says sharing is not set up', async () => {
    const h = await startSlackHarness({ db, identity: true });
    try {
      await h.sendAction(globalShortcut('share_case'));
      const [open] = await h.fake.waitFor('views.open');
      expect(open!.args.view.callback_id).toBe('kc_share_case_done');
      expect(JSON.stringify(open!.args.view.blocks)).toContain('ikke sat op');
    } finally {
      await h.close();
    }
  });
});

describe.each(testDatabases)('Del jeres erfaring in Slack with the real service on $name', (target) => {
  let realDb: Db;
  let h: SlackHarness;
  let submissions: SubmissionService;
  beforeAll(async () => {
    realDb = await target.open();
    const publisher: LibraryPublisher = {
      libraryDir: '/nonexistent',
      publish: () => Promise.reject(new Error('not published in these tests')),
      ingest: () => Promise.reject(new Error('not ingested in these tests')),
      unpublish: () => Promise.reject(new Error('not unpublished in these tests')),
    };
    submissions = createSubmissionService({ db: realDb, publisher, search: async () => [], logger: silentLogger });
    h = await startSlackHarness({ db: realDb, identity: true, submissions });
  });
  afterAll(async () => {
    await h.close();
    await realDb.close();
  });

  it('should store a valid modal submission masked, with its Slack submitter, and deliver an adviser question to the DM', async () => {
    await h.sendAction(globalShortcut('share_case', 'U3'));
    const [open] = await h.fake.waitFor('views.open');
    const view = open!.args.view as OpenedView;
    const values = { ...VALID_CASE, what_we_did: 'Borgeren (CPR 010203-1234) fik træning i hjemmet.' };
    const response = await h.sendAction(viewSubmission(view, values, { viewId: `V-real-${target.name}`, userId: 'U3' }));
    const body = (await response.json()) as { response_action: string; view: { blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    const reference = /KC-\d{4}-\d{4}/.exec(JSON.stringify(body.view.blocks))?.[0];
    expect(reference).toBeDefined();
    expect(JSON.stringify(body.view.blocks)).toContain('personoplysninger');

    const { rows } = await realDb.query<{ id: string; channel: string; submitter_id: string; submitter_name: string; audience: string; conversation_key: string; delivery_ref: unknown; body: string }>(
      'SELECT id, channel, submitter_id, submitter_name, audience, conversation_key, delivery_ref, body FROM case_submissions WHERE reference = $1',
      [reference],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ channel: 'slack', submitter_id: 'U3', submitter_name: 'Bruger U3', audience: 'internal', conversation_key: 'slack:U3' });
    expect(typeof row.delivery_ref === 'string' ? JSON.parse(row.delivery_ref) : row.delivery_ref).toEqual({ channel: 'U3' });
    expect(row.body).not.toContain('010203-1234');
    const [dm] = await h.fake.waitFor('chat.postMessage');
    expect(dm!.args).toMatchObject({ channel: 'U3' });
    expect(dm!.args.text).toContain(reference);

    const asked = await submissions.ask(row.id, { id: 'a1', name: 'Anna Rådgiver', email: 'anna@kraftcenter.example.dk' }, 'Hvor mange borgere var med?');
    expect(asked.ok).toBe(true);
    const outbox = await realDb.query<{ payload: unknown }>("SELECT payload FROM outbox WHERE conversation_id = 'slack:U3'");
    expect(outbox.rows).toHaveLength(1);
    const delivery = (typeof outbox.rows[0]!.payload === 'string' ? JSON.parse(outbox.rows[0]!.payload) : outbox.rows[0]!.payload) as UserDelivery;
    h.fake.reset();
    await h.channel.deliveryPort.deliver(delivery);
    const [question] = await h.fake.waitFor('chat.postMessage');
    expect(question!.args.channel).toBe('U3');
    expect(JSON.stringify(question!.args.blocks)).toContain('Hvor mange borgere var med?');
  });

  it('should answer a wrong e-mail with errors on its block and store nothing', async () => {
    await h.sendAction(globalShortcut('share_case', 'U4'));
    const view = (await h.fake.waitFor('views.open')).at(-1)!.args.view as OpenedView;
    const before = await realDb.query<{ n: number }>('SELECT count(*)::int AS n FROM case_submissions');
    const response = await h.sendAction(viewSubmission(view, { ...VALID_CASE, contact_email: 'projekt(at)fredericia' }, { viewId: `V-bad-${target.name}`, userId: 'U4' }));
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['contact_email']);
    const after = await realDb.query<{ n: number }>('SELECT count(*)::int AS n FROM case_submissions');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
