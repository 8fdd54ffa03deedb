import type { BotReply } from '../../bot/index.js';

/** A reply for a terminal: notices, the Markdown text, case cards and the numbered sources with links. */
export function formatReplyForTerminal(reply: BotReply): string {
  const lines: string[] = [];
  for (const notice of reply.notices) lines.push(`(${notice})`);
  lines.push(reply.text);
  if (reply.cases.length > 0) {
    lines.push('', reply.language === 'en' ? 'Cases:' : 'Cases:');
    for (const card of reply.cases) {
      const when = card.year ? `${card.year}${card.endYear ? `–${card.endYear}` : ''}` : '';
      const meta = [card.organisationType, card.region, when, card.status].filter(Boolean).join(', ');
      lines.push(`  • ${card.organisation}: ${card.title}${meta ? ` (${meta})` : ''}${card.citation ? ` [${card.citation}]` : ''}`);
      const contact = card.contact && [card.contact.name ?? card.contact.role, card.contact.email, card.contact.phone].filter(Boolean).join(', ');
      if (contact) lines.push(`    ${reply.language === 'en' ? 'Contact' : 'Kontakt'}: ${contact}`);
    }
  }
  if (reply.citations.length > 0) {
    lines.push('', reply.language === 'en' ? 'Sources:' : 'Kilder:');
    for (const citation of reply.citations) {
      const meta = [citation.organisation, citation.year].filter(Boolean).join(', ');
      lines.push(`  [${citation.n}] ${citation.title}${meta ? ` (${meta})` : ''}${citation.url ? ` – ${citation.url}` : ''}`);
    }
  }
  if (reply.escalation) lines.push('', `Rådgiver-sag: ${reply.escalation.status}${reply.escalation.adviserName ? ` (${reply.escalation.adviserName})` : ''}`);
  lines.push('', `(${reply.intent}, ${reply.mode}, sikkerhed ${reply.confidence.toFixed(2)})`);
  return lines.join('\n');
}
