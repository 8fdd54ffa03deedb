import type { Runtime } from './bootstrap.js';

/** The start-up banner: where to open the chat, which database, embeddings and answer mode, which channels. */
export function describeStartup(runtime: Runtime, url: string, channels: string[]): string {
  const { config, knowledge, chatModel } = runtime;
  const allChannels = ['web', 'slack', 'teams'];
  return [
    '',
    `Kraftcenter Assistant kører: åbn chatten på ${url}`,
    `  database:    ${knowledge.db.description}`,
    `  embeddings:  ${knowledge.embedder.modelId}`,
    `  svar-mode:   ${chatModel ? `llm (${chatModel.modelId}, fald tilbage til extractive ved fejl)` : 'extractive (ingen sprogmodel; sæt OPENAI_API_KEY for llm)'}`,
    `  kanaler:     ${allChannels.map((channel) => `${channel} ${channels.includes(channel) ? 'til' : 'fra'}`).join(', ')}`,
    `  web-chat:    målgruppe ${config.web.audience}`,
    '',
  ].join('\n');
}
