import net from 'node:net';

/** A loopback port nothing listens on now (the settings refuse PORT=0, so servers started for a run need one). */
export async function freePort(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return String(port);
}
