import net from 'node:net';
import { errorMessage } from '../util/errors.ts';

/**
 * A free loopback port chosen here, so the probe knows where to go the moment the container
 * starts, without an inspect call on the timed path. The daemon refuses the binding if another
 * process took it meanwhile; the caller then retries with a new one.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function isPortClash(e: unknown): boolean {
  return /port is already allocated|address already in use/i.test(errorMessage(e));
}
