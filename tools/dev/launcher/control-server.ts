import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnknownServiceError, type ServiceSet } from './service-set';

/**
 * The launcher's control endpoint, on 127.0.0.1 only: `GET /services` lists what runs,
 * `POST /services/<name>/stop` stops a service on purpose (no restart) and
 * `POST /services/<name>/start` starts it again and answers once it is SERVING. The demo uses it
 * to take Central down while PoPs and Spaces keep running.
 */
export async function startControlServer(
  services: ServiceSet,
  say: (message: string) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify(body)}\n`);
    };
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/services') {
      return reply(200, { services: services.endpoints() });
    }
    const match = /^\/services\/([^/]+)\/(stop|start)$/.exec(url.pathname);
    if (request.method !== 'POST' || !match) {
      return reply(404, { error: 'try GET /services or POST /services/<name>/stop|start' });
    }
    const name = decodeURIComponent(match[1]);
    const action = match[2];
    say(`control: ${action} ${name}`);
    const done =
      action === 'stop' ? services.stop(name) : services.start(name).then((entry) => entry);
    done.then(
      (entry) =>
        reply(200, {
          name,
          state: action === 'stop' ? 'stopped' : 'serving',
          pid: entry.process.pid ?? null,
        }),
      (error: unknown) =>
        reply(error instanceof UnknownServiceError ? 404 : 500, {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
