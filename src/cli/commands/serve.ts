import { UsageError } from '../../errors.js';
import { stringFlag } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

export const serve = defineCommand({
  usage: 'serve',
  summary: 'a local, read-only web view: the catalog, each tool, its history and drafts',
  options: { port: { type: 'string' }, host: { type: 'string' } },
  help: `Usage: panel serve [--port 4173] [--host 127.0.0.1]

Serves a read-only view of everything the config points at: the catalog as a
table (sort by panel ship, last run, models, contested verdicts), each tool's
latest complete run, its history as a chart with flips marked, a diff of any
two runs, and drafts (incomplete runs) with their errors; /compare/A/B for any
two tools. It re-reads the files on every request, never calls a model and
never writes; anything but GET and HEAD is refused, and so is a request whose
Host is not the address served. Ctrl-C stops it.
`,
  async run(args, io): Promise<number> {
    noPositionals(args, 'panel serve');
    const port = Number(stringFlag(args.values, 'port') ?? 4173);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port is \`${stringFlag(args.values, 'port')}\`; give a port number, e.g. --port 4173.`);
    const host = stringFlag(args.values, 'host') ?? '127.0.0.1';
    const [{ sessionFor }, { createSiteServer }] = await Promise.all([import('../session.js'), import('../../site/serve.js')]);
    await sessionFor(args, io); // the config and files are valid before the server starts
    const address = { host, port };
    const server = createSiteServer(
      () => sessionFor(args, { ...io, stderr: { write: () => true } }),
      address,
      (message) => io.stderr.write(message),
    );
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        throw new UsageError(`Port ${port} on ${host} is in use (another server runs there). Pass another port, e.g. --port ${port === 4173 ? 4174 : port + 1}, or --port 0 for any free one.`);
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EACCES')
        throw new UsageError(`panel serve cannot listen on ${host}:${port} (${error.code}). Pass a --host this machine has (127.0.0.1 by default) and a --port above 1023.`);
      throw error;
    });
    address.port = (server.address() as { port: number }).port;
    io.stdout.write(`panel serve: http://${host}:${address.port}/ (read-only; Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return 0;
  },
});
