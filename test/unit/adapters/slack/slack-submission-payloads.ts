/**
 * What Slack sends for "Del jeres erfaring": a global shortcut, and a `view_submission` whose state holds a form's
 * values in the shape each Block Kit input reports them (`value`, `selected_option`, `selected_options`).
 */
import { SUBMISSION_FIELDS } from '../../../../bot/submissions/submission-fields.js';
import { FAKE_BOT } from '../../../fakes/fake-slack-api.js';

const team = { id: FAKE_BOT.teamId, domain: 'kc' };
const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: FAKE_BOT.teamId });

/** A `shortcut` (global) payload. */
export function globalShortcut(callbackId: string, userId = 'U1'): Record<string, unknown> {
  return {
    type: 'shortcut', token: 'legacy', action_ts: `${Date.now() / 1000}`, team, user: user(userId), callback_id: callbackId,
    trigger_id: `trig.${Date.now()}`, is_enterprise_install: false, enterprise: null,
  };
}

/** The modal's state for form values (field name → text or list); fields left out are absent, as Slack sends untouched ones. */
export function viewState(values: Record<string, string | string[] | undefined>): Record<string, Record<string, Record<string, unknown>>> {
  const state: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const field of SUBMISSION_FIELDS) {
    const value = values[field.name];
    let entry: Record<string, unknown>;
    if (field.kind === 'multiselect') {
      entry = { type: 'multi_static_select', selected_options: (Array.isArray(value) ? value : value ? [value] : []).map((item) => ({ value: item, text: { type: 'plain_text', text: item } })) };
    } else if (field.kind === 'select') {
      entry = { type: 'static_select', selected_option: value ? { value, text: { type: 'plain_text', text: String(value) } } : null };
    } else {
      const type = { email: 'email_text_input', url: 'url_text_input', year: 'number_input' }[field.kind as string] ?? 'plain_text_input';
      entry = { type, value: value === undefined ? null : String(value) };
    }
    state[field.name] = { [field.name]: entry };
  }
  return state;
}

/** A `view_submission` of the modal `view` (as views.open got it) with `values` filled in. */
export function viewSubmission(
  view: { callback_id: string; private_metadata?: string },
  values: Record<string, string | string[] | undefined>,
  options: { viewId?: string; userId?: string } = {},
): Record<string, unknown> {
  return {
    type: 'view_submission', token: 'legacy', trigger_id: `trig.${Date.now()}`, team, user: user(options.userId ?? 'U1'), api_app_id: 'A1',
    is_enterprise_install: false, enterprise: null, response_urls: [],
    view: {
      id: options.viewId ?? 'V0001', team_id: FAKE_BOT.teamId, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata ?? '',
      state: { values: viewState(values) }, hash: '1700000000.abcdef', title: { type: 'plain_text', text: 'Del jeres erfaring' }, blocks: [],
      close: null, submit: null, app_id: 'A1', bot_id: FAKE_BOT.botId, root_view_id: options.viewId ?? 'V0001', previous_view_id: null,
      clear_on_close: false, notify_on_close: false, external_id: '',
    },
  };
}
