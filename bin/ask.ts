/**
 * `npm run ask -- [--json] [--internal] "<question>"` and `npm run ask -- --json --batch questions.txt`
 * The CLI channel: the same engine as every other channel. With --json, one object per question (the contract in
 * the README); with --batch, one question per line in, one JSON line out.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import type { BotReply, IncomingMessage } from '../bot/index.js';
import { openRuntime } from '../adapters/bootstrap.js';
import { toAskJson } from './lib/ask-json.js';
import { formatReplyForTerminal } from './lib/format-reply.js';
import { runCli, UsageError } from './lib/run-cli.js';

const USAGE = `Brug: npm run ask -- [--json] [--internal] "<spørgsmål>"
       npm run ask -- --json --batch <fil med ét spørgsmål pr. linje>`;

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean' },
      batch: { type: 'string' },
      internal: { type: 'boolean' },
      conversation: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let questions: string[];
  if (values.batch) {
    if (!fs.existsSync(values.batch)) throw new UsageError(`filen findes ikke: ${values.batch}`);
    questions = fs.readFileSync(values.batch, 'utf8').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  } else {
    const question = positionals.join(' ').trim();
    if (!question) throw new UsageError(`skriv et spørgsmål.\n${USAGE}`);
    questions = [question];
  }

  const runtime = await openRuntime(loadConfig(), {});
  try {
    // One conversation per run (follow-ups in a batch build on each other), unless --conversation names one.
    const conversationId = values.conversation ?? `cli-${process.pid}-${Date.now()}`;
    for (const text of questions) {
      const message: IncomingMessage = {
        channel: 'cli',
        conversationId,
        user: { id: process.env.USER ?? 'cli', audience: values.internal ? 'internal' : 'public' },
        text,
      };
      const reply: BotReply = await runtime.engine.handleMessage(message);
      console.log(values.json ? JSON.stringify(toAskJson(reply)) : formatReplyForTerminal(reply));
    }
    return 0;
  } finally {
    await runtime.close();
  }
});
