/**
 * "Del jeres erfaring" in Teams against the real botbuilder CloudAdapter and the fake Bot Framework connector: the
 * command (typed, @mentioned in a channel, or in English) and the share button under an answer send the Adaptive
 * Card form built from SUBMISSION_FIELDS; its Action.Submit with a wrong field updates the form in place with the
 * message under that field and every value kept; a valid one replaces the form with the reference. The same through
 * an Action.Execute invoke. First with an in-memory service, then with the real SubmissionService on each database.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DANISH_COMMANDS } from '../../adapters/teams/app-package/manifest.js';
import { SUBMISSION_FIELD_NAMES } from '../../bot/submissions/submission-fields.js';
import { createSubmissionService } from '../../bot/submissions/submission-service.js';
import type { LibraryPublisher, SubmissionService } from '../../bot/submissions/submission-port.js';
import type { UserDelivery } from '../../bot/escalation/escalation-port.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import type { ConnectorRequest } from '../fakes/fake-bot-connector.js';
import { createFakeEngine, type FakeEngine } from '../fakes/fake-engine.js';
import { createMemorySubmissions, type MemorySubmissions } from '../fakes/memory-submissions.js';
import { VALID_CASE } from '../support/case-submission-form.js';
import { testDatabases } from '../support/test-databases.js';
import {
  cardSubmit,
  channelMention,
  groupChatMessage,
  nextId,
  personalMessage,
  startTeamsHarness,
  USER,
  type TeamsHarness,
} from '../unit/adapters/teams/teams-test-harness.js';

const CHAT = `a:personal-${USER.id}`;
const CARD = 'application/vnd.microsoft.card.adaptive';

interface CardElement {
  type: string;
  id?: string;
  label?: string;
  text?: string;
  color?: string;
  value?: unknown;
  style?: string;
  isMultiline?: boolean;
  isMultiSelect?: boolean;
  isRequired?: boolean;
  maxLength?: number;
  choices?: Array<{ title: string; value: string }>;
}
interface Card {
  type: string;
  version: string;
  body: CardElement[];
  actions: Array<{ type: string; title: string; data?: Record<string, unknown> }>;
}

/** The Adaptive Card a connector request carries. */
function cardOf(request: ConnectorRequest): Card {
  const [attachment] = request.body.attachments ?? [];
  expect(attachment?.contentType).toBe(CARD);
  return attachment.content as Card;
}
const inputsOf = (card: Card) => card.body.filter((element) => element.type.startsWith('Input.'));
const inputOf = (card: Card, id: string) => card.body.find((element) => element.id === id)!;
/** The element right under the input `id` (where its error is shown). */
const underInput = (card: Card, id: string) => card.body[card.body.findIndex((element) => element.id === id) + 1];
const cardText = (card: Card) => card.body.filter((element) => element.type === 'TextBlock').map((element) => element.text).join('\n');

/** The form's values as Teams submits them (a multi-select as "a,b", a number input as a string). */
function submitted(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = { ...VALID_CASE, innovation_type: (VALID_CASE.innovation_type as string[]).join(','), ...fields };
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** Sends the share command in the 1:1 chat; the form's message as the connector got it. */
async function askForForm(teams: TeamsHarness, text = 'Del jeres erfaring', base = personalMessage(teams.connector.url, text)): Promise<ConnectorRequest> {
  const before = teams.connector.messages().length;
  expect((await teams.post(base)).status).toBe(200);
  const sent = teams.connector.messages().slice(before);
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

/** Presses Send on the form `form` with `values`; the update of the form's message. */
async function submitForm(teams: TeamsHarness, form: ConnectorRequest, values: Record<string, unknown>, base = personalMessage(teams.connector.url, '')): Promise<ConnectorRequest> {
  const before = teams.connector.requests.length;
  const response = await teams.post(cardSubmit(base, form.assignedId!, { ...values, action: 'submit_case', language: cardOf(form).actions[0]!.data!.language }));
  expect(response.status).toBe(200);
  const updates = teams.connector.requests.slice(before).filter((request) => request.method === 'PUT' && !request.failed);
  expect(updates).toHaveLength(1);
  expect(updates[0]!.activityId).toBe(form.assignedId);
  return updates[0]!;
}

/** An Action.Execute of the form (Universal Actions) as Teams invokes the bot. */
function executeInvoke(base: Record<string, unknown>, replyToId: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    ...base, type: 'invoke', name: 'adaptiveCard/action', id: nextId(), replyToId, text: undefined,
    value: { action: { type: 'Action.Execute', id: 'send', verb: 'submit_case', data }, trigger: 'manual' },
  };
}

let db: Db;
beforeAll(async () => {
  db = await testDatabases[0]!.open();
});
afterAll(() => db.close());

describe('Del jeres erfaring in Teams (service double)', () => {
  let engine: FakeEngine;
  let submissions: MemorySubmissions;
  let teams: TeamsHarness;
  beforeAll(async () => {
    engine = createFakeEngine();
    submissions = createMemorySubmissions();
    teams = await startTeamsHarness({ engine, db, submissions, turnBudgetMs: 5_000 });
  });
  afterAll(() => teams.close());
  beforeEach(() => {
    submissions.stored.length = 0;
    submissions.calls.length = 0;
  });

  it('should answer "Del jeres erfaring" with an Adaptive Card form that has every field as its own input, in Danish', async () => {
    // As the bot's command menu (the app manifest) sends it.
    expect(DANISH_COMMANDS.map((command) => command.title)).toContain('Del jeres erfaring');
    const form = await askForForm(teams, 'Del jeres erfaring');
    expect(form.conversationId).toBe(CHAT);
    const card = cardOf(form);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(inputsOf(card).map((input) => input.id)).toEqual([...SUBMISSION_FIELD_NAMES]);
    expect(inputOf(card, 'title')).toMatchObject({ type: 'Input.Text', label: 'Titel', isRequired: true, maxLength: 150 });
    expect(inputOf(card, 'what_we_did')).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 6000 });
    expect(inputOf(card, 'contact_email')).toMatchObject({ type: 'Input.Text', style: 'email', label: 'Kontaktens arbejdsmail' });
    expect(inputOf(card, 'source_url')).toMatchObject({ type: 'Input.Text', style: 'url' });
    expect(inputOf(card, 'source_url').isRequired).toBeUndefined();
    expect(inputOf(card, 'year')).toMatchObject({ type: 'Input.Number', label: 'Startår', isRequired: true });
    expect(inputOf(card, 'organisation_type')).toMatchObject({ type: 'Input.ChoiceSet', label: 'Organisationstype' });
    expect(inputOf(card, 'organisation_type').choices).toContainEqual({ title: 'Kommune', value: 'kommune' });
    expect(inputOf(card, 'innovation_type')).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'Send', data: { action: 'submit_case', language: 'da' } }]);
    // A command, not a question: the engine never saw it.
    expect(engine.calls.handleMessage).toHaveLength(0);
  });

  it('should label the form in English for "share case"', async () => {
    const card = cardOf(await askForForm(teams, 'share case'));
    expect(cardText(card)).toContain('Share your experience');
    expect(inputOf(card, 'organisation_type').label).toBe('Type of organisation');
    expect(inputOf(card, 'organisation_type').choices).toContainEqual({ title: 'Municipality', value: 'kommune' });
    expect(card.actions[0]!.data).toEqual({ action: 'submit_case', language: 'en' });
  });

  it('should update the form in place when the e-mail is wrong: the error under the e-mail field, every value kept, nothing stored', async () => {
    const form = await askForForm(teams);
    const update = await submitForm(teams, form, submitted({ contact_email: 'ikke-en-mailadresse' }));
    const card = cardOf(update);
    expect(underInput(card, 'contact_email')).toMatchObject({ type: 'TextBlock', color: 'Attention', text: expect.stringContaining('skal være en e-mailadresse') });
    expect(inputOf(card, 'contact_email').value).toBe('ikke-en-mailadresse');
    expect(inputOf(card, 'title').value).toBe(VALID_CASE.title);
    expect(inputOf(card, 'what_we_did').value).toBe(VALID_CASE.what_we_did);
    expect(inputOf(card, 'region').value).toBe('Syddanmark');
    expect(inputOf(card, 'innovation_type').value).toBe('medarbejderdreven,brugerdreven');
    expect(inputOf(card, 'year').value).toBe(2021);
    // Only the wrong field has an error under it; the form can be sent again.
    expect(card.body.filter((element) => element.color === 'Attention').map((element) => element.text)).toEqual(['Nogle felter skal rettes.', expect.stringContaining('e-mail')]);
    expect(card.actions[0]!.data).toMatchObject({ action: 'submit_case' });
    expect(submissions.calls).toHaveLength(1);
    expect(submissions.stored).toHaveLength(0);
  });

  it('should name a missing required field in English under that field for an English form', async () => {
    const form = await askForForm(teams, 'share case');
    const card = cardOf(await submitForm(teams, form, submitted({ advice: '' })));
    expect(underInput(card, 'advice')).toMatchObject({ color: 'Attention', text: 'is required' });
  });

  it('should replace the form with the reference once stored, and store who sent it from which conversation', async () => {
    const form = await askForForm(teams);
    const card = cardOf(await submitForm(teams, form, submitted()));
    expect(inputsOf(card)).toEqual([]);
    expect(card.actions).toEqual([]);
    expect(cardText(card)).toContain('referencenummer **KC-2026-0001**');
    expect(submissions.stored).toHaveLength(1);
    const [stored] = submissions.stored;
    expect(stored!.value.frontMatter).toMatchObject({ title: VALID_CASE.title, year: 2021, innovation_type: ['medarbejderdreven', 'brugerdreven'], contact: { email: 'projekt@fredericia.dk' } });
    expect(stored!.submitter).toMatchObject({
      channel: 'teams',
      userId: USER.aadObjectId,
      displayName: USER.name,
      language: 'da',
      audience: 'public',
      conversationKey: `teams:${CHAT}`,
      deliveryRef: { serviceUrl: teams.connector.url, conversation: { id: CHAT, conversationType: 'personal' } },
    });
  });

  it('should store a form pressed twice once, and show the same reference', async () => {
    const form = await askForForm(teams);
    const first = cardOf(await submitForm(teams, form, submitted()));
    const second = cardOf(await submitForm(teams, form, submitted()));
    expect(submissions.stored).toHaveLength(1);
    expect(cardText(second)).toBe(cardText(first));
  });

  it('should ignore a submit Teams delivers again', async () => {
    const form = await askForForm(teams);
    const activity = cardSubmit(personalMessage(teams.connector.url, ''), form.assignedId!, { ...submitted(), action: 'submit_case', language: 'da' });
    const before = teams.connector.requests.length;
    await teams.post(activity);
    await teams.post(activity);
    expect(submissions.calls).toHaveLength(1);
    // The form was updated once: the second delivery did nothing at all.
    expect(teams.connector.requests.slice(before).filter((request) => request.method === 'PUT')).toHaveLength(1);
  });

  it('should send the form into the channel thread of an @mention and keep that thread for the submitter', async () => {
    const mention = channelMention(teams.connector.url, 'del erfaring');
    const form = await askForForm(teams, '', mention);
    const thread = (mention.conversation as { id: string }).id;
    expect(form.conversationId).toBe(thread);
    await submitForm(teams, form, submitted(), { ...mention, id: nextId() });
    const rootId = thread.split(';messageid=')[1];
    expect(submissions.stored[0]!.submitter).toMatchObject({ conversationKey: `teams:${thread}:${rootId}`, deliveryRef: { conversation: { id: thread } } });
  });

  it('should answer an Action.Execute of the form with the new card in the invoke response', async () => {
    const form = await askForForm(teams);
    const base = personalMessage(teams.connector.url, '');
    const wrong = await teams.post(executeInvoke(base, form.assignedId!, { ...submitted({ contact_email: 'nej' }), action: 'submit_case', language: 'da' }));
    expect(wrong.status).toBe(200);
    const refused = (await wrong.json()) as { statusCode: number; type: string; value: Card };
    expect(refused).toMatchObject({ statusCode: 200, type: CARD });
    expect(underInput(refused.value, 'contact_email')).toMatchObject({ color: 'Attention' });
    expect(inputOf(refused.value, 'contact_email').value).toBe('nej');

    const right = await teams.post(executeInvoke(base, form.assignedId!, { ...submitted(), action: 'submit_case', language: 'da' }));
    const accepted = (await right.json()) as { value: Card };
    expect(cardText(accepted.value)).toMatch(/referencenummer \*\*KC-2026-\d{4}\*\*/);
    expect(submissions.stored).toHaveLength(1);
  });

  it("should offer the engine's share_case action as a card button that sends the form in the answer's language", async () => {
    engine.queueReply({ language: 'en', cases: [], actions: [{ type: 'share_case', label: 'Share your experience' }] });
    const question = groupChatMessage(teams.connector.url, 'We have tried something similar ourselves');
    expect((await teams.post(question)).status).toBe(200);
    const answer = teams.connector.messages().at(-1)!;
    const answerCard = cardOf(answer);
    const button = answerCard.actions.find((action) => action.data?.action === 'share_case')!;
    expect(button).toEqual({ type: 'Action.Submit', title: 'Share your experience', data: { action: 'share_case', language: 'en' } });

    const before = teams.connector.messages().length;
    await teams.post(cardSubmit(question, answer.assignedId!, button.data!));
    const [form] = teams.connector.messages().slice(before);
    expect(inputsOf(cardOf(form!)).map((input) => input.id)).toEqual([...SUBMISSION_FIELD_NAMES]);
    expect(inputOf(cardOf(form!), 'title').label).toBe('Title');
    expect(engine.calls.handleMessage).toHaveLength(1);
  });

  it('should keep the form and its values with a notice when storing fails', async () => {
    const form = await askForForm(teams);
    const submit = submissions.submit;
    submissions.submit = () => Promise.reject(new Error('database down'));
    try {
      const card = cardOf(await submitForm(teams, form, submitted()));
      expect(cardText(card)).toContain('kunne ikke gemme');
      expect(inputOf(card, 'title').value).toBe(VALID_CASE.title);
    } finally {
      submissions.submit = submit;
    }
  });
});

describe('Del jeres erfaring in Teams without a submission service', () => {
  let teams: TeamsHarness;
  beforeAll(async () => {
    teams = await startTeamsHarness({ engine: createFakeEngine(), db });
  });
  afterAll(() => teams.close());

  it('should say that sharing is not set up instead of sending a form', async () => {
    const reply = await askForForm(teams);
    expect(reply.body.attachments ?? []).toEqual([]);
    expect(reply.body.text).toContain('ikke sat op');
  });
});

/** The library is not touched by a submission; publishing is the console's business. */
const noPublisher: LibraryPublisher = {
  libraryDir: '/nonexistent',
  publish: () => Promise.reject(new Error('not used')),
  ingest: () => Promise.reject(new Error('not used')),
  unpublish: () => Promise.reject(new Error('not used')),
};

describe.each(testDatabases)('Del jeres erfaring in Teams with the submission service on $name', (target) => {
  let database: Db;
  let service: SubmissionService;
  let teams: TeamsHarness;
  beforeAll(async () => {
    database = await target.open();
    service = createSubmissionService({ db: database, publisher: noPublisher, search: async () => [], logger: silentLogger });
    teams = await startTeamsHarness({ engine: createFakeEngine(), db: database, submissions: service, turnBudgetMs: 5_000 });
  });
  afterAll(async () => {
    await teams.close();
    await database.close();
  });

  it('should store nothing for a wrong e-mail, and store a valid case the adviser can then ask about in the Teams chat', async () => {
    const form = await askForForm(teams);
    const refused = cardOf(await submitForm(teams, form, submitted({ contact_email: 'projekt(at)fredericia.dk' })));
    expect(underInput(refused, 'contact_email')).toMatchObject({ color: 'Attention', text: expect.stringContaining('e-mailadresse') });
    expect(await service.list()).toEqual([]);

    const accepted = cardOf(await submitForm(teams, form, submitted({ what_we_did: 'Vi ringede til borgeren på 20 30 40 50 og trænede hverdagen.' })));
    const reference = /\*\*(KC-\d{4}-\d{4})\*\*/.exec(cardText(accepted))?.[1];
    expect(reference).toBeDefined();
    expect(cardText(accepted)).toContain('personoplysninger');
    const [summary] = await service.list();
    expect(summary).toMatchObject({ reference, channel: 'teams', status: 'new', title: VALID_CASE.title, submitterName: USER.name });
    const detail = (await service.get(summary!.id))!;
    expect(detail.frontMatter).toMatchObject({ organisation: 'Fredericia Kommune', region: 'Syddanmark', contact: { email: 'projekt@fredericia.dk' } });
    expect(detail.body).not.toContain('20 30 40 50');

    // The adviser's question goes through the outbox into the chat the form came from.
    const asked = await service.ask(summary!.id, { id: 'adviser-1', name: 'Anna Rådgiver', email: 'anna@kraftcenter.example.dk' }, 'Hvor mange borgere var med?');
    expect(asked.ok).toBe(true);
    const rows = await database.query<{ payload: UserDelivery | string }>(`SELECT payload FROM outbox WHERE conversation_id = $1`, [`teams:${CHAT}`]);
    expect(rows.rows).toHaveLength(1);
    const delivery = typeof rows.rows[0]!.payload === 'string' ? (JSON.parse(rows.rows[0]!.payload) as UserDelivery) : rows.rows[0]!.payload;
    const before = teams.connector.messages().length;
    await teams.channel.deliveryPort.deliver(delivery);
    const [question] = teams.connector.messages().slice(before);
    expect(question!.conversationId).toBe(CHAT);
    expect(question!.body.text).toContain('Hvor mange borgere var med?');
    expect(question!.body.text).toContain(reference);
  });
});
