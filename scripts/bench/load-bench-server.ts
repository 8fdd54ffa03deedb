/**
 * One server instance of the load benchmark, in its own process (so two instances use two cores, as in production):
 * `startServer` with the settings the benchmark gives it, its URL sent to the parent, and on "stop" a clean shutdown
 * that reports the process's peak memory. Started by load-bench.ts with `fork`; not meant to be run by hand.
 */
import { startServer } from '../../adapters/server.js';
import { peakRssMb } from './percentiles.js';

export type ServerMessage = { type: 'listening'; url: string } | { type: 'stopped'; peakRssMb: number } | { type: 'failed'; message: string };

const send = (message: ServerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

try {
  const started = await startServer(process.env);
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await started.close();
    await send({ type: 'stopped', peakRssMb: peakRssMb() });
    process.exit(0); // a normal exit, so --cpu-prof writes its profile
  });
  await send({ type: 'listening', url: started.url });
} catch (error) {
  await send({ type: 'failed', message: (error as Error).message });
  process.exit(1);
}
