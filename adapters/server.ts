/**
 * `npm start`: the composition root. Reads the settings, opens the database (ingesting the sample library into an
 * empty embedded one), builds the engine and serves every enabled channel from one HTTP server.
 */
import http from 'node:http';
import express from 'express';
import { ConfigError, loadConfig } from '../config/env.js';
import { openRuntime, type Runtime } from './bootstrap.js';
import { createWebApp } from './web/index.js';
import { describeStartup } from './describe-startup.js';

export interface StartedServer {
  runtime: Runtime;
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the server on the configured port (0 picks a free one: tests). */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<StartedServer> {
  const config = loadConfig(env);
  const runtime = await openRuntime(config);
  const app = express();
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', true);
  // Channel routers are mounted before the web app, whose last route answers 404 for anything else.
  app.use(createWebApp({ engine: runtime.engine, audience: config.web.audience, logger: runtime.logger }));

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}/`;
  return {
    runtime,
    server,
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('adapters/server.ts');
if (isMain) {
  startServer()
    .then((started) => {
      console.log(describeStartup(started.runtime, started.url, ['web']));
      const shutdown = () => {
        started.runtime.logger.info('shutting down');
        started.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((error: Error) => {
      if (error instanceof ConfigError || ['DatabaseUnavailableError', 'EmbeddingModelMismatchError', 'EmbeddingError'].includes(error.name)) {
        console.error(`Kan ikke starte: ${error.message}`);
      } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        console.error(`Kan ikke starte: porten er optaget (${error.message}). Sæt PORT til en ledig port.`);
      } else {
        console.error('Kan ikke starte:', error);
      }
      process.exit(1);
    });
}
