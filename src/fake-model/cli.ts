import { parseArgs } from 'node:util';
import { startFakeAnthropic } from './server';

/**
 * `npm run fake-model -- --script FILE [--port N] [--log FILE]`
 * First line of output is exactly `listening http://127.0.0.1:PORT`, so a
 * parent process can read the URL. Runs until SIGINT/SIGTERM.
 */
async function main(): Promise<number> {
  let values: { script?: string; port?: string; log?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        script: { type: 'string' },
        port: { type: 'string' },
        log: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (values.help || !values.script) {
    process.stderr.write('usage: fake-model --script FILE [--port N] [--log FILE]\n');
    return values.help ? 0 : 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port ${values.port}\n`);
    return 2;
  }
  const server = await startFakeAnthropic({
    script: values.script,
    port,
    ...(values.log ? { logFile: values.log } : {}),
  });
  process.stdout.write(`listening ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
