import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const example = (file: string) =>
  run(process.execPath, ['--import', 'tsx', `examples/${file}`], { env: { ...process.env, KUBECONFIG: '' } });

describe('examples', () => {
  it('record-to-cluster writes every event it records', async () => {
    const { stdout } = await example('record-to-cluster.ts');
    expect(stdout).toContain("type: 'Warning' reason: 'BackOff' Back-off restarting failed container web");
    expect(stdout).toContain('written 5, skipped 0, failed 0, dropped 0');
  });

  it('fake-recorder-in-a-unit-test passes its own assertions', async () => {
    const { stdout } = await example('fake-recorder-in-a-unit-test.ts');
    expect(stdout).toContain('ok: 2 events recorded as expected');
  });
});
