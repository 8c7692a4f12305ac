import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './ports.js';

/** Runs `npm start`'s program (bin/local.ts) as a child process on free ports, for e2e tests. */
export interface LocalStackProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export const NODE_ARGS = ['--import', 'tsx'];

export function spawnLocalStack(env: Record<string, string>, args: string[] = ['--in-memory']): LocalStackProcess {
  let output = '';
  const child = spawn(process.execPath, [...NODE_ARGS, 'bin/local.ts', ...args], { cwd: process.cwd(), env: { ...process.env, ...env } });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** How long a stack may take to say it is ready (a loaded 2-core machine needs more than an idle one). */
export const START_TIMEOUT_MS = 100_000;

/** Starts a local stack on fresh ports and waits until it says it is ready. Hooks calling it need a timeout above START_TIMEOUT_MS. */
export async function startLocalStack(): Promise<LocalStackProcess & { base: string; ports: { api: number; dynamo: number; cognito: number; s3: number } }> {
  const ports = { api: await freePort(), dynamo: await freePort(), cognito: await freePort(), s3: await freePort() };
  const stack = spawnLocalStack({ PORT: String(ports.api), DYNAMODB_PORT: String(ports.dynamo), COGNITO_PORT: String(ports.cognito), S3_PORT: String(ports.s3) });
  let exitCode: number | null | undefined;
  void stack.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!stack.output().includes('local stack ready')) {
    if (exitCode !== undefined) throw new Error(`local stack exited: ${stack.output()}`);
    if (Date.now() > deadline) {
      // Stop what started (DynamoDB Local's Java included) before giving up, so nothing is orphaned.
      await killLocalStack(stack);
      throw new Error(`local stack did not start: ${stack.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ...stack, base: `http://localhost:${ports.api}`, ports };
}

/** Stops a stack that a test left running: SIGTERM (it stops DynamoDB Local itself), SIGKILL after 10 s. */
export async function killLocalStack(stack: LocalStackProcess): Promise<void> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  const force = setTimeout(() => stack.child.kill('SIGKILL'), 10_000);
  stack.child.kill('SIGTERM');
  await stack.exited;
  clearTimeout(force);
}
