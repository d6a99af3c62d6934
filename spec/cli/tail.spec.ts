/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAge, runTail, useColour } from '../../src/cli/tail.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer, FakeApiServerOptions } from '../../src/testing/index.js';
import { coreEvent, waitFor } from '../testing/support.js';
import { processTimeout, startCli, stopClis } from './support.js';

let server: FakeApiServer | undefined;
let dir = '';
let kubeconfig = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-events-tail-'));
});
afterEach(async () => {
  stopClis();
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function serve(options: FakeApiServerOptions = {}): Promise<CoreV1Api> {
  server = await startFakeApiServer(options);
  kubeconfig = join(dir, 'config');
  await writeFile(kubeconfig, server.kubeConfig.exportConfig());
  const core = server.kubeConfig.makeApiClient(CoreV1Api);
  const add = (name: string, namespace: string, secondsAgo: number, extra: Record<string, unknown>) => {
    const at = new Date(Date.now() - secondsAgo * 1000);
    return core.createNamespacedEvent({
      namespace,
      body: coreEvent(name, namespace, { firstTimestamp: at, lastTimestamp: at, ...extra }),
    });
  };
  // Seen in this order (wire times are whole seconds), and in the other order by name.
  await add('pulled', 'default', 60, { reason: 'Pulled', message: 'Pulled image nginx' });
  await add('backoff', 'default', 30, {
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    count: 4,
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u-2' },
  });
  await add('failed', 'other', 0, { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' });
  return core;
}

/** Runs `tail` in this process (the same code as the command, over real HTTP); `stop` is its Ctrl-C. */
function tail(args: readonly string[], env: NodeJS.ProcessEnv = { KUBECONFIG: kubeconfig }, isTTY = false) {
  const interrupt = new AbortController();
  const output = { stdout: '', stderr: '' };
  const done = runTail(args, {
    out: (line) => (output.stdout += `${line}\n`),
    err: (line) => (output.stderr += `${line}\n`),
    env,
    isTTY,
    signal: interrupt.signal,
  });
  return {
    output,
    done,
    stop: () => {
      interrupt.abort();
    },
  };
}

async function run(args: readonly string[], env?: NodeJS.ProcessEnv, isTTY = false) {
  const { output, done } = tail(args, env, isTTY);
  const code = await done;
  return { code, ...output };
}

describe('kube-events tail against the fake API server', () => {
  it(
    'prints the namespace of the context as a kubectl-like table, oldest first',
    { timeout: processTimeout },
    async () => {
      await serve();
      const cli = startCli(['tail'], { KUBECONFIG: kubeconfig });
      const code = await cli.exit;
      const { stdout } = cli;
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+COUNT\s+MESSAGE$/);
      expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(1))).toEqual([
        ['Normal', 'Pulled', 'pod/web-0', '1', 'Pulled image nginx'],
        ['Warning', 'BackOff', 'pod/web-1', '4', 'Back-off restarting failed container'],
      ]);
      expect(stdout).not.toContain('\x1b['); // piped: no colour
    },
  );

  it('colours warnings on a terminal, unless NO_COLOR is set', async () => {
    await serve();
    const coloured = await run([], { KUBECONFIG: kubeconfig }, true);
    // eslint-disable-next-line no-control-regex -- the ANSI colour codes are what is checked
    expect(coloured.stdout).toMatch(/\x1b\[33m\S+\s+Warning\s+BackOff.*\x1b\[0m/);
    // eslint-disable-next-line no-control-regex -- the ANSI colour codes are what is checked
    expect(coloured.stdout).not.toMatch(/\x1b\[33m\S+\s+Normal/);
    const plain = await run([], { KUBECONFIG: kubeconfig, NO_COLOR: '1' }, true);
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('prints JSON lines for every namespace with --type', async () => {
    await serve();
    const { code, stdout } = await run(['-A', '--type', 'Warning', '-o', 'json']);
    expect(code).toBe(0);
    const events = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { reason: string; metadata: { namespace: string } });
    expect(events.map((e) => [e.metadata.namespace, e.reason])).toEqual([
      ['default', 'BackOff'],
      ['other', 'Failed'],
    ]);
  });

  it('keeps only the Events about one object with --for', async () => {
    await serve();
    const { stdout } = await run(['--for', 'pod/web-1']);
    expect(stdout).toContain('BackOff');
    expect(stdout).not.toContain('Pulled');
    const none = await run(['-n', 'other', '--for', 'deployment/web-1']);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toContain('No events found in other namespace.');
  });

  it(
    'follows with --watch, says a lost connection once, resumes without repeats, and ends on Ctrl-C',
    { timeout: processTimeout },
    async () => {
      const core = await serve();
      const cli = startCli(['tail', '--watch', '--reason', 'BackOff', '--reason', 'Late', '--reason', 'AfterDrop'], {
        KUBECONFIG: kubeconfig,
      });
      await waitFor(() => cli.stdout.includes('BackOff') && server!.openWatches === 1, 60_000);
      await core.createNamespacedEvent({
        namespace: 'default',
        body: coreEvent('late', 'default', { type: 'Warning', reason: 'Late' }),
      });
      await waitFor(() => cli.stdout.includes('Late'), 60_000);
      // A destroyed socket may look like a clean end to client-node: the 503 makes the outage certain either way.
      server!.faults.script([{ status: 503 }], { method: 'GET', path: '/api/v1/namespaces/default/events' });
      server!.dropWatches();
      await waitFor(() => cli.stderr.includes('reconnecting'), 60_000);
      await core.createNamespacedEvent({
        namespace: 'default',
        body: coreEvent('after', 'default', { reason: 'AfterDrop' }),
      });
      await waitFor(() => cli.stdout.includes('AfterDrop') && cli.stderr.includes('reconnected'), 60_000);
      cli.child.kill('SIGINT');

      expect(await cli.exit).toBe(0);
      const lines = cli.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^LAST SEEN\s+TYPE/);
      expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[2])).toEqual(['BackOff', 'Late', 'AfterDrop']);
      expect(cli.stderr.match(/lost the connection/g)).toHaveLength(1);
      expect(server!.openWatches).toBe(0);
    },
  );
});

describe('kube-events tail explains what is wrong', () => {
  it('without KUBECONFIG, says how to point it at a cluster', async () => {
    const { code, stderr } = await run([], { KUBECONFIG: '', HOME: dir });
    expect(code).toBe(1);
    expect(stderr).toContain('KUBECONFIG is not set');
    expect(stderr).toContain('kube-events demo');
  });

  it('with a kubeconfig that is not there', async () => {
    const { code, stderr } = await run([], { KUBECONFIG: join(dir, 'missing') });
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read the kubeconfig');
  });

  it('on 401 and 403', async () => {
    await serve({ token: 'secret' });
    await writeFile(kubeconfig, server!.kubeConfig.exportConfig().replace('secret', 'wrong'));
    const unauthorized = await run([], { KUBECONFIG: kubeconfig });
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toContain('refused the credentials');
    await server!.close();

    await serve({ authorize: (a) => a.verb !== 'list' });
    const forbidden = await run(['-A'], { KUBECONFIG: kubeconfig });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('not allowed (403 Forbidden)');
    expect(forbidden.stderr).toContain('list and watch events in every namespace');
  });

  it.each([
    [['--type', 'Warnin'], '--type: expected Normal or Warning'],
    [['--since', 'ten'], '--since: expected an age'],
    [['--for', 'web-0'], '--for: expected kind/name'],
    [['-o', 'yaml'], '-o: expected table or json'],
    [['-n', 'a', '-A'], '-n and -A cannot be used together'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with its usage and exit code 2', async (args, message) => {
    await serve();
    const { code, stderr } = await run([...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: kube-events tail');
  });
});

describe('tail helpers', () => {
  it('parses ages', () => {
    expect(parseAge('10m')).toEqual({ days: 0, hours: 0, minutes: 10, seconds: 0 });
    expect(parseAge('1d2h30m5s')).toEqual({ days: 1, hours: 2, minutes: 30, seconds: 5 });
    expect(() => parseAge('')).toThrow();
    expect(() => parseAge('5x')).toThrow();
  });

  it('colours only a terminal without NO_COLOR', () => {
    expect(useColour(true, {})).toBe(true);
    expect(useColour(false, {})).toBe(false);
    expect(useColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(true, { NO_COLOR: '' })).toBe(true);
    expect(useColour(true, { TERM: 'dumb' })).toBe(false);
  });
});
