/**
 * The server every stream-bench probe measures: the real `startServer` on a copy of the seeded DATA_DIR (one writer
 * per folder), llm mode on the bench's fake OpenAI server, local embeddings, no logs, plus the channel's own settings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../../adapters/server.js';
import { freePort } from '../../lib/free-port.js';
import type { StreamBenchSetup } from './first-text-probe.js';

export interface ProbeServer {
  /** The server's base URL, without a trailing slash. */
  baseUrl: string;
  /** Stops the server and removes its copy of the data. */
  close(): Promise<void>;
}

export async function startProbeServer(setup: StreamBenchSetup, channel: string, settings: Record<string, string>): Promise<ProbeServer> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `kc-stream-${channel}-`));
  const dataDir = path.join(workDir, 'data');
  fs.cpSync(setup.seededDataDir, dataDir, { recursive: true });
  try {
    const started = await startServer({
      DATA_DIR: dataDir,
      DRAFTS_DIR: path.join(workDir, 'drafts'),
      DATABASE_URL: '',
      HOST: '127.0.0.1',
      PORT: await freePort(),
      LOG_LEVEL: 'silent',
      EMBEDDING_PROVIDER: 'local',
      OPENAI_API_KEY: 'sk-stream-bench',
      OPENAI_BASE_URL: setup.openaiBaseUrl,
      ...settings,
    });
    return {
      baseUrl: started.url.replace(/\/$/, ''),
      async close() {
        await started.close();
        fs.rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}
