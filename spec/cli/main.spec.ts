import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer } from '../../src/testing/fake-api-server.js';
import type { FakeApiServer } from '../../src/testing/fake-api-server.js';

const run = promisify(execFile);
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, KUBECONFIG: '', ...env },
  });

let server: FakeApiServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

// Each test starts the command in a child process through tsx, which compiles the CLI's sources on every start: on a
// loaded machine that alone can take most of the default 20 s, hence a ceiling of its own.
describe('the kube-events command', { timeout: 60_000 }, () => {
  it('runs the demo against the cluster of $KUBECONFIG when it is set', async () => {
    server = await startFakeApiServer();
    dir = await mkdtemp(join(tmpdir(), 'kube-events-'));
    const kubeconfig = join(dir, 'config');
    await writeFile(kubeconfig, server.kubeConfig.exportConfig());

    const { stdout } = await cli(['demo', '--namespace', 'cli'], { KUBECONFIG: kubeconfig });

    expect(stdout).toContain('Using the cluster of KUBECONFIG');
    expect(stdout).toMatch(/Warning\s+BackOff\s+pod\/demo-web-0\s+6/);
    expect(server.events('cli').length).toBeGreaterThan(0);
  });

  it('runs the demo on an embedded fake API server without $KUBECONFIG', async () => {
    const { stdout } = await cli(['demo']);
    expect(stdout).toContain('using an in-process fake API server');
    expect(stdout).toContain('dropped 0, failed 0, abandoned 0');
  });

  it('explains its usage, and refuses an unknown command with exit code 2', async () => {
    expect((await cli(['--help'])).stdout).toContain('Usage: kube-events <command>');
    await expect(cli(['bogus'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown command 'bogus'") as unknown,
    });
  });

  it.each([
    [['demo', '--bogus'], "Unknown option '--bogus'"],
    [['demo', '-x'], "Unknown option '-x'"],
    [['demo', '--namespace'], "Option '-n, --namespace <value>' argument missing"],
  ])('answers %j with its usage on stderr and exit code 2', async (args, message) => {
    const err = (await cli(args).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: number; stdout: string; stderr: string } | undefined;
    expect(err).toMatchObject({ code: 2, stdout: '' });
    expect(err?.stderr).toContain(`kube-events: ${message}`);
    expect(err?.stderr).toContain('Usage: kube-events <command>');
  });
});
