import { UsageError } from '../../errors.js';
import { stringFlag } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

export const desk = defineCommand({
  usage: 'desk',
  summary: "the editor's desk: a local web app to work through the queue, approve and correct",
  options: { port: { type: 'string' }, host: { type: 'string' }, editor: { type: 'string' } },
  help: `Usage: panel desk [--port 4174] [--host 127.0.0.1] [--editor NAME]

A local web app for the editors' decisions: the queue first (\`panel queue\`),
then each run as its published page would read, with its flags, each quote
beside the approved run's, each persona's agreement with the editors, and
forms to approve, override, edit, reject, label and retract. Shortcuts: a
approves, n opens the next tool; every form works without JavaScript.

It prints its address with a token (http://127.0.0.1:PORT/?token=…); every
write needs that token and comes from the desk's own pages (the Host and
Origin are checked). It never calls a model. --port 0 takes any free port.
Decisions are signed with --editor, else PANEL_EDITOR, else git's user.name.
`,
  async run(args, io): Promise<number> {
    noPositionals(args, 'panel desk');
    const port = Number(stringFlag(args.values, 'port') ?? 4174);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port is \`${stringFlag(args.values, 'port')}\`; give a port number, e.g. --port 4174, or 0 for any free one.`);
    const host = stringFlag(args.values, 'host') ?? '127.0.0.1';
    const [{ sessionFor }, { createDeskServer }, { editorName }] = await Promise.all([import('../session.js'), import('../../desk/desk-server.js'), import('../../desk/editor.js')]);
    const session = await sessionFor(args, io); // the config and files are valid before the desk opens
    const editor = await editorName(stringFlag(args.values, 'editor'), session.config.editor, session.cwd, io.env);
    const quiet = { ...io, stderr: { write: () => true } };
    const { server, token } = createDeskServer(() => sessionFor(args, quiet), { host, port, editor, report: (message) => io.stderr.write(message) });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new UsageError(`Port ${port} on ${host} is in use. Pass another port, e.g. --port ${port + 1}, or --port 0 for any free one.`);
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EACCES')
        throw new UsageError(`panel desk cannot listen on ${host}:${port} (${error.code}). Pass a --host this machine has (127.0.0.1 by default).`);
      throw error;
    });
    const bound = (server.address() as { port: number }).port;
    io.stdout.write(`panel desk: http://${host}:${bound}/?token=${token} (signing as ${editor}; Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return 0;
  },
});
