// The tslab kernel as an OS process: connection file, spawning in its own process group, and killing it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from '../util/atomic.js';
import { KERNEL_FOLDER_PREFIX, kernelEntry } from './tslab-entry.js';

/** How much of the kernel's own stdout/stderr is kept for error messages. */
const OUTPUT_TAIL_CHARS = 4000;

export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
}

/** Ask the OS for `count` distinct free TCP ports on 127.0.0.1. */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('could not read a free port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Fresh connection settings: five free ports on 127.0.0.1 and a random 256-bit signing key. */
export async function createConnectionInfo(): Promise<ConnectionInfo> {
  const [shell, iopub, stdin, control, hb] = await findFreePorts(5);
  return {
    transport: 'tcp',
    ip: '127.0.0.1',
    shell_port: shell!,
    iopub_port: iopub!,
    stdin_port: stdin!,
    control_port: control!,
    hb_port: hb!,
    key: randomBytes(32).toString('hex'),
    signature_scheme: 'hmac-sha256',
    kernel_name: 'basel-lab',
  };
}

export interface KernelProcessOptions {
  /** The kernel's working directory; tslab resolves relative imports from here (the notebook's folder). */
  cwd: string;
  /** Extra environment variables for the kernel. */
  env?: NodeJS.ProcessEnv;
  /** Where to create the folder holding the connection file (default: the OS temp folder). */
  connectionDir?: string;
}

/** Kernel processes alive right now, killed if this process exits while they run. */
const liveKernels = new Set<KernelProcess>();
let exitHookInstalled = false;

/** A running tslab kernel process with its connection settings. */
export class KernelProcess {
  readonly child: ChildProcess;
  readonly connection: ConnectionInfo;
  readonly connectionFile: string;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly folder: string;
  private outputTail = '';
  private hasExited = false;

  private constructor(child: ChildProcess, connection: ConnectionInfo, folder: string, connectionFile: string) {
    this.child = child;
    this.connection = connection;
    this.folder = folder;
    this.connectionFile = connectionFile;
    const keep = (chunk: Buffer): void => {
      this.outputTail = (this.outputTail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.hasExited = true;
        liveKernels.delete(this);
        rmSync(this.folder, { recursive: true, force: true });
        resolve({ code, signal });
      });
    });
  }

  /** Write a connection file and start `tslab kernel --config-path <file>` (via kernel-main, which dies with us) in a new process group. */
  static async start(options: KernelProcessOptions): Promise<KernelProcess> {
    const connection = await createConnectionInfo();
    const folder = mkdtempSync(join(options.connectionDir ?? os.tmpdir(), KERNEL_FOLDER_PREFIX));
    const connectionFile = join(folder, 'connection.json');
    writeJsonAtomic(connectionFile, connection);
    const child = spawn(process.execPath, [kernelEntry(), 'kernel', '--config-path', connectionFile], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that the kernel and anything it spawns can be killed together.
      detached: true,
    });
    const kernel = new KernelProcess(child, connection, folder, connectionFile);
    liveKernels.add(kernel);
    installExitHook();
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => {
        liveKernels.delete(kernel);
        rmSync(folder, { recursive: true, force: true });
        reject(error);
      });
    });
    return kernel;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get isRunning(): boolean {
    return !this.hasExited;
  }

  /** The last few thousand characters the kernel wrote to its own stdout and stderr. */
  get output(): string {
    return this.outputTail;
  }

  /** Send `signal` to the kernel process alone (SIGINT is how tslab is interrupted). */
  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** Send `signal` to the kernel's whole process group (which may outlive the kernel itself). */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is already gone
    }
  }

  /** SIGKILL the process group and remove the connection file, without waiting (for exit paths). */
  killNowSync(): void {
    this.signalGroup('SIGKILL');
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** Wait up to `timeoutMs` for the process to exit; true if it did. */
  async waitForExit(timeoutMs: number): Promise<boolean> {
    if (this.hasExited) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.exited.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** SIGTERM the process group, then SIGKILL it if it is still there after `graceMs`. Resolves once it has exited. */
  async kill(graceMs: number): Promise<void> {
    this.signalGroup('SIGTERM');
    await this.waitForExit(graceMs);
    // Also takes any straggler the kernel started in its group.
    this.signalGroup('SIGKILL');
    await this.exited;
  }
}

/** SIGKILL every live kernel's process group now (for signal handlers and process exit). */
export function killAllKernelsSync(): void {
  for (const kernel of liveKernels) kernel.killNowSync();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllKernelsSync);
}
