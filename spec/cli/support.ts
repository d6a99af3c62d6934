import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** A running `kube-events` process, its output so far, and its exit. */
export interface Cli {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exit: Promise<number | null>;
}

const running: ChildProcess[] = [];

/** Spawns `kube-events <args>` from the sources (no colour unless asked); {@link stopClis} ends it after the test. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, NO_COLOR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const cli: Cli = {
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) =>
      child.on('exit', (code) => {
        resolve(code);
      }),
    ),
  };
  child.stdout.on('data', (chunk: Buffer) => (cli.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (cli.stderr += chunk.toString()));
  running.push(child);
  return cli;
}

/** Kills, by their pids, the processes {@link startCli} started that are still running. */
export function stopClis(): void {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
}

/** Spawning the command costs seconds on a loaded machine: the tests that need the process get room. */
export const processTimeout = 120_000;
