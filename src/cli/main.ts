#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { startFakeApiServer } from '../testing/fake-api-server.js';
import { runDemo } from './demo.js';
import { runTail } from './tail.js';

const usage = `Usage: kube-events <command> [options]

Commands:
  demo    Record a burst of events (create, dedup, aggregation, spam filter), write them to the API server, and
          print the server's events and the counters. Uses the cluster of $KUBECONFIG when it is set, otherwise an
          in-process fake API server.
  tail    Print the cluster's events like kubectl (LAST SEEN, TYPE, REASON, OBJECT, COUNT, MESSAGE), with filters;
          --watch follows them. 'kube-events tail --help' lists its options.

Options:
  -n, --namespace <ns>   namespace of the demo objects (default: default)
  -h, --help             show this help`;

/** The command line, or `undefined` after telling the user what is wrong with it (an unknown option, a missing value). */
function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { namespace: { type: 'string', short: 'n' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    // node:util's parse errors (ERR_PARSE_ARGS_*) name the option; anything else is a bug, not a usage error.
    if (!(err instanceof TypeError && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')))
      throw err;
    console.error(`kube-events: ${err.message}\n\n${usage}`);
    return undefined;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'tail') return tail(argv.slice(1));
  const parsed = parse(argv);
  if (parsed === undefined) return 2;
  const { positionals, values } = parsed;
  const [command] = positionals;
  if (values.help === true || command === undefined) {
    console.log(usage);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  if (command !== 'demo') {
    console.error(`kube-events: unknown command '${command}'\n\n${usage}`);
    return 2;
  }
  const out = (line: string): void => {
    console.log(line);
  };
  if (process.env['KUBECONFIG']) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    out(`Using the cluster of KUBECONFIG (context ${kubeConfig.getCurrentContext()}).\n`);
    const { report } = await runDemo({ kubeConfig, namespace: values.namespace, out });
    return report.failed + report.dropped + report.abandoned === 0 ? 0 : 1;
  }
  const server = await startFakeApiServer();
  out(`KUBECONFIG is not set: using an in-process fake API server at ${server.url}.\n`);
  try {
    const { report } = await runDemo({ kubeConfig: server.kubeConfig, namespace: values.namespace, out });
    return report.failed + report.dropped + report.abandoned === 0 ? 0 : 1;
  } finally {
    await server.close();
  }
}

function tail(argv: readonly string[]): Promise<number> {
  const interrupted = new AbortController();
  process.once('SIGINT', () => {
    interrupted.abort();
  });
  return runTail(argv, {
    out: (line) => {
      console.log(line);
    },
    err: (line) => {
      console.error(line);
    },
    env: process.env,
    isTTY: process.stdout.isTTY,
    signal: interrupted.signal,
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`kube-events: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
