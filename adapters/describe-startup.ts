import type { Runtime } from './bootstrap.js';

/** The start-up banner: where to open the chat, which database, embeddings and answer mode, which channels. */
export function describeStartup(runtime: Runtime, url: string, channels: string[]): string {
  const { config, knowledge, chatModel } = runtime;
  return [
    '',
    `Kraftcenter Assistant kører: åbn chatten på ${url}`,
    `  database:    ${knowledge.db.description}`,
    `  embeddings:  ${knowledge.embedder.modelId}`,
    `  svar-mode:   ${chatModel ? `llm (${chatModel.modelId}, falder tilbage til extractive ved fejl)` : 'extractive (ingen sprogmodel; sæt OPENAI_API_KEY for llm)'}`,
    `  web-chat:    målgruppe ${config.web.audience}`,
    '  kanaler:',
    ...channels.map((channel) => `    - ${channel}`),
    '',
  ].join('\n');
}
