/**
 * One server instance of the load benchmark, in its own process (so two instances use two cores, as in production):
 * `startServer` with the settings the benchmark gives it, its URL sent to the parent. On request it reports the
 * CPU time it has used, profiles its CPU (V8's profiler, for the measured phase only, not start-up and seeding) and
 * shuts down cleanly, reporting its peak memory. Started by load-bench.ts with `fork`; not meant to be run by hand.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startServer } from '../../adapters/server.js';
import { peakRssMb } from './percentiles.js';

export type ServerRequest = { type: 'cpu' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string } | { type: 'stop' };

export type ServerMessage =
  | { type: 'listening'; url: string }
  | { type: 'cpu'; ms: number }
  | { type: 'profiling' }
  | { type: 'profiled'; file: string }
  | { type: 'stopped'; peakRssMb: number }
  | { type: 'failed'; message: string };

const send = (message: ServerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

try {
  const started = await startServer(process.env);
  const profiler = new Session();
  process.on('message', async (request: ServerRequest) => {
    if (request.type === 'cpu') {
      const usage = process.cpuUsage();
      await send({ type: 'cpu', ms: (usage.user + usage.system) / 1000 });
    } else if (request.type === 'profile-start') {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      await send({ type: 'profiling' });
    } else if (request.type === 'profile-stop') {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      fs.writeFileSync(request.file, JSON.stringify(profile));
      await send({ type: 'profiled', file: request.file });
    } else if (request.type === 'stop') {
      await started.close();
      await send({ type: 'stopped', peakRssMb: peakRssMb() });
      process.exit(0);
    }
  });
  await send({ type: 'listening', url: started.url });
} catch (error) {
  await send({ type: 'failed', message: (error as Error).message });
  process.exit(1);
}
