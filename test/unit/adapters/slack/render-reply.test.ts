import { describe, expect, it } from 'vitest';
import { decodeThreadValue, renderReply } from '../../../../adapters/slack/render-reply.js';
import { sampleAdviserReply, sampleCaseReply } from '../../../fakes/fake-engine.js';

type AnyBlock = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<Record<string, any>> };

describe('renderReply', () => {
  it('should render the answer, case cards with fields, numbered sources and the three buttons', () => {
    const reply = sampleCaseReply('r1', 'C1');
    const { text, blocks } = renderReply(reply, { threadId: '1700000000.000100' }) as { text: string; blocks: AnyBlock[] };
    expect(blocks[0]!.text!.text).toMatch(/^Flere kommuner har erfaring med at få \*velfærdsteknologi\*/);
    expect(blocks[0]!.text!.text).toContain('• *Aalborg Kommune* lagde vægt på ejerskab hos politikere, medarbejdere og borgere <https://example.dk/cases/aalborg-ejerskab|[1]>.');
    const aalborg = blocks.find((block) => block.text?.text.includes('Aalborg: Ejerskab'))!;
    expect(aalborg.fields!.map((field) => field.text)).toEqual([
      '*Organisation*\nAalborg Kommune, Ældre- og Handicapforvaltningen',
      '*År*\n2014–2016',
      '*Status*\nafsluttet',
      '*Region*\nNordjylland',
      '*Kontakt*\nImplementeringskonsulent for velfærdsteknologi\n<mailto:velfaerdsteknologi@aalborg.example.dk|velfaerdsteknologi@aalborg.example.dk>\n+45 7000 0502',
    ]);
    const sources = blocks.find((block) => block.text?.text.startsWith('*Kilder*'))!;
    expect(sources.text!.text.split('\n')[1]).toBe(
      '[1] <https://example.dk/cases/aalborg-ejerskab|Aalborg: Ejerskab som nøglen til at få velfærdsteknologi i drift> – Aalborg Kommune, Ældre- og Handicapforvaltningen, 2014',
    );
    const actions = blocks.at(-1)!;
    expect(actions.type).toBe('actions');
    expect(actions.elements!.map((element) => [element.action_id, element.value])).toEqual([
      ['kc_feedback_up', 'r1'],
      ['kc_feedback_down', 'r1'],
      ['kc_escalate', 'thread:1700000000.000100'],
      ['kc_follow_up_3', 'Hvilke metoder brugte de til implementeringen?'],
    ]);
    expect(decodeThreadValue(actions.elements![2]!.value)).toBe('1700000000.000100');
    expect(text).not.toContain('**');
  });

  it('should show notices first and no adviser button once an escalation is open', () => {
    const reply = { ...sampleAdviserReply('r2', 'C1'), notices: ['Personlige oplysninger er fjernet.'] };
    const { blocks } = renderReply(reply, { threadId: '' }) as { blocks: AnyBlock[] };
    expect(blocks[0]).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn', text: 'ℹ️ Personlige oplysninger er fjernet.' }] });
    expect(JSON.stringify(blocks)).not.toContain('kc_escalate');
  });

  it('should keep every text block within 3,000 characters and the message within 50 blocks when the answer is huge', () => {
    const reply = { ...sampleCaseReply('r3', 'C1'), text: `${'Et langt afsnit om **innovation** [1]. '.repeat(80)}\n\n`.repeat(100) };
    const { text, blocks } = renderReply(reply, { threadId: 't' }) as { text: string; blocks: AnyBlock[] };
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    expect(JSON.stringify(blocks)).toContain('Svaret er forkortet');
    expect(blocks.some((block) => block.text?.text.startsWith('*Kilder*'))).toBe(true);
    expect(blocks.at(-1)!.type).toBe('actions');
    expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('should split a long but not huge answer into several sections without a truncation note', () => {
    const reply = { ...sampleCaseReply('r4', 'C1'), text: `${'ord '.repeat(500)}\n\n`.repeat(8) };
    const { blocks } = renderReply(reply, { threadId: 't' }) as { blocks: AnyBlock[] };
    expect(blocks.filter((block) => block.type === 'section' && !block.fields).length).toBeGreaterThan(4);
    expect(JSON.stringify(blocks)).not.toContain('forkortet');
  });

  it('should use English labels for an English reply', () => {
    const reply = { ...sampleCaseReply('r5', 'C1'), language: 'en' as const };
    const { blocks } = renderReply(reply, { threadId: 't' }) as { blocks: AnyBlock[] };
    expect(blocks.some((block) => block.text?.text.startsWith('*Sources*'))).toBe(true);
  });
});
