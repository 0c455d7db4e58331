// A Jupyter messaging client for a tslab kernel over ZeroMQ: handshake, execute with timeout, shutdown.
import * as zmq from 'zeromq';
import { UserError } from '../util/errors.js';
import { KernelProcess, type KernelProcessOptions } from './kernel-process.js';
import { createMessage, decodeMessage, encodeMessage, type Message } from './wire.js';
import { randomUUID } from 'node:crypto';

/** How long a new kernel may take to answer kernel_info_request (tslab loads TypeScript first). */
export const KERNEL_START_TIMEOUT_MS = 60_000;
/** How often kernel_info_request is re-sent during start-up (iopub subscriptions take a moment to join). */
const HANDSHAKE_RETRY_MS = 500;
/** How long a heartbeat may take to come back. */
const HEARTBEAT_TIMEOUT_MS = 5_000;
/** After an interrupt, how long the cell gets to report that it stopped. */
const INTERRUPT_GRACE_MS = 5_000;
/** How long shutdown_request gets before the process group is sent SIGTERM, and SIGTERM before SIGKILL. */
const SHUTDOWN_GRACE_MS = 2_000;

export type ExecuteStatus = 'ok' | 'error' | 'timeout' | 'died';

export interface ExecuteResult {
  status: ExecuteStatus;
  /** The kernel's execution count for this request, or null when it sent none. */
  executionCount: number | null;
  /** The msg_id of the execute_request: iopub messages for this cell carry it as parent. */
  msgId: string;
  /** For 'died': how the kernel process ended, e.g. "exit code 3" or "signal SIGKILL". */
  exitDescription?: string;
}

export interface ExecuteOptions {
  /** Per-cell time limit; on expiry the kernel is interrupted and the status is 'timeout'. */
  timeoutMs: number;
  /** Called with the request's msg_id just before it is sent, so its outputs can be routed. */
  beforeSend?: (msgId: string) => void;
}

export interface KernelClientOptions extends KernelProcessOptions {
  /** Called for every iopub message (outputs and status) whose signature checks out. */
  onIopub?: (message: Message) => void;
  startTimeoutMs?: number;
}

interface PendingExecute {
  msgId: string;
  reply?: Message;
  idle: boolean;
  resolve: (result: ExecuteResult) => void;
}

/** A connected tslab kernel. Create with `KernelClient.start`, always finish with `shutdown()`. */
export class KernelClient {
  readonly process: KernelProcess;
  private readonly key: string;
  private readonly session = randomUUID();
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly stdin = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly heartbeat = new zmq.Request({ linger: 0, receiveTimeout: HEARTBEAT_TIMEOUT_MS });
  private readonly onIopub: (message: Message) => void;
  private readonly replyWaiters = new Map<string, (message: Message) => void>();
  private readonly idleWaiters = new Map<string, () => void>();
  private pending: PendingExecute | undefined;
  private closed = false;
  /** Messages that failed to decode (bad signature or framing); they are dropped, never trusted. */
  rejectedMessages = 0;

  private constructor(process: KernelProcess, onIopub: (message: Message) => void) {
    this.process = process;
    this.key = process.connection.key;
    this.onIopub = onIopub;
  }

  /**
   * Start a fresh tslab kernel, connect all five channels and complete the kernel_info handshake.
   * Throws UserError when the kernel exits or does not answer within the start-up timeout; the
   * kernel process is killed before the error is thrown.
   */
  static async start(options: KernelClientOptions): Promise<KernelClient> {
    const process = await KernelProcess.start(options);
    const client = new KernelClient(process, options.onIopub ?? (() => {}));
    try {
      client.connect();
      await client.handshake(options.startTimeoutMs ?? KERNEL_START_TIMEOUT_MS);
      return client;
    } catch (error) {
      await client.shutdown();
      throw error;
    }
  }

  private connect(): void {
    const { ip, shell_port, control_port, stdin_port, iopub_port, hb_port } = this.process.connection;
    const address = (port: number): string => `tcp://${ip}:${port}`;
    this.shell.connect(address(shell_port));
    this.control.connect(address(control_port));
    this.stdin.connect(address(stdin_port));
    this.iopub.connect(address(iopub_port));
    this.iopub.subscribe();
    this.heartbeat.connect(address(hb_port));
    void this.receiveLoop(this.shell, (message) => this.handleReply(message));
    void this.receiveLoop(this.control, (message) => this.handleReply(message));
    void this.receiveLoop(this.iopub, (message) => this.handleIopub(message));
  }

  private async receiveLoop(socket: zmq.Dealer | zmq.Subscriber, handle: (message: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: Message;
        try {
          message = decodeMessage(this.key, frames);
        } catch {
          this.rejectedMessages += 1;
          continue;
        }
        handle(message);
      }
    } catch (error) {
      if (!this.closed) throw error;
    }
  }

  private handleReply(message: Message): void {
    const parentId = message.parent_header.msg_id;
    if (parentId === undefined) return;
    this.replyWaiters.get(parentId)?.(message);
  }

  private handleIopub(message: Message): void {
    const parentId = message.parent_header.msg_id;
    if (message.header.msg_type === 'status' && message.content.execution_state === 'idle' && parentId !== undefined) {
      this.idleWaiters.get(parentId)?.();
    }
    this.onIopub(message);
  }

  private async send(socket: zmq.Dealer, message: Message<object>): Promise<void> {
    await socket.send(encodeMessage(this.key, message));
  }

  /**
   * Send kernel_info_request until both its reply (shell) and the matching idle status (iopub)
   * arrive: the idle status proves the iopub subscription is live, so no output is missed later.
   */
  private async handshake(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let answered = false;
    while (!answered) {
      if (!this.process.isRunning) {
        const end = await this.process.exited;
        throw new UserError(
          `the tslab kernel exited during start-up (${describeExit(end)}): ${lastLine(this.process.output)}`,
        );
      }
      if (Date.now() > deadline) {
        throw new UserError(
          `the tslab kernel did not answer within ${timeoutMs / 1000} s of starting: ${lastLine(this.process.output)}`,
        );
      }
      const request = createMessage(this.session, 'kernel_info_request', {});
      const id = request.header.msg_id;
      let gotReply = false;
      let gotIdle = false;
      const both = new Promise<void>((resolve) => {
        const check = (): void => {
          if (gotReply && gotIdle) resolve();
        };
        this.replyWaiters.set(id, () => {
          gotReply = true;
          check();
        });
        this.idleWaiters.set(id, () => {
          gotIdle = true;
          check();
        });
      });
      await this.send(this.shell, request);
      answered = await Promise.race([both.then(() => true), delay(HANDSHAKE_RETRY_MS).then(() => false)]);
      // A late reply to an earlier attempt is harmless; keep waiting for this one a little longer.
      if (!answered && gotReply)
        answered = await Promise.race([both.then(() => true), delay(HANDSHAKE_RETRY_MS).then(() => false)]);
      this.replyWaiters.delete(id);
      this.idleWaiters.delete(id);
    }
    if (!(await this.ping())) throw new UserError('the tslab kernel does not answer heartbeats');
  }

  /**
   * Send one heartbeat and wait for the echo. tslab answers heartbeats on its main thread, so a
   * cell busy in a synchronous loop cannot answer; process exit is the reliable death signal there.
   */
  async ping(): Promise<boolean> {
    const payload = Buffer.from(randomUUID());
    try {
      await this.heartbeat.send(payload);
      const [echo] = await this.heartbeat.receive();
      return echo !== undefined && echo.equals(payload);
    } catch {
      return false;
    }
  }

  /**
   * Execute `code` and wait for both the execute_reply and the kernel's idle status for it, so
   * output printed late (after an await) is not lost. On timeout the kernel is interrupted with
   * SIGINT (tslab's interrupt mode is "signal"; it ignores interrupt_request) and the result is
   * 'timeout'. If the kernel process ends meanwhile, the result is 'died'.
   */
  async execute(code: string, options: ExecuteOptions): Promise<ExecuteResult> {
    if (this.pending !== undefined) throw new Error('KernelClient.execute: another cell is still running');
    const request = createMessage(this.session, 'execute_request', {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const msgId = request.header.msg_id;
    const finished = new Promise<ExecuteResult>((resolve) => {
      const pending: PendingExecute = { msgId, idle: false, resolve };
      const settle = (): void => {
        if (pending.reply === undefined || !pending.idle) return;
        const content = pending.reply.content;
        const count = typeof content.execution_count === 'number' ? content.execution_count : null;
        // 'abort' (tslab drops requests queued behind a failed one) counts as an error too.
        resolve({ status: content.status === 'ok' ? 'ok' : 'error', executionCount: count, msgId });
      };
      this.replyWaiters.set(msgId, (reply) => {
        pending.reply = reply;
        settle();
      });
      this.idleWaiters.set(msgId, () => {
        pending.idle = true;
        settle();
      });
      this.pending = pending;
    });
    const died = this.process.exited.then((end): ExecuteResult => ({
      status: 'died',
      executionCount: null,
      msgId,
      exitDescription: describeExit(end),
    }));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    });
    try {
      options.beforeSend?.(msgId);
      await this.send(this.shell, request);
      const first = await Promise.race([finished, died, timedOut]);
      if (first !== 'timeout') return first;
      this.process.signal('SIGINT');
      const afterInterrupt = await Promise.race([finished, died, delay(INTERRUPT_GRACE_MS).then(() => undefined)]);
      const count = afterInterrupt?.executionCount ?? null;
      return { status: 'timeout', executionCount: count, msgId };
    } finally {
      clearTimeout(timer);
      this.replyWaiters.delete(msgId);
      this.idleWaiters.delete(msgId);
      this.pending = undefined;
    }
  }

  /**
   * Shut the kernel down and release everything: shutdown_request on control, then SIGTERM and
   * SIGKILL to its process group if it lingers; sockets closed. Safe to call more than once.
   */
  /** SIGKILL the kernel's process group now (a stop signal): a cell in progress then ends as 'died'. */
  killNow(): void {
    this.process.killNowSync();
  }

  async shutdown(): Promise<void> {
    if (this.process.isRunning && !this.closed) {
      try {
        await Promise.race([
          this.send(this.control, createMessage(this.session, 'shutdown_request', { restart: false })),
          delay(200),
        ]);
      } catch {
        // the control socket is gone; the signals below still end the kernel
      }
      await this.process.waitForExit(SHUTDOWN_GRACE_MS);
    }
    // Anything the kernel started in its process group goes too, even when the kernel itself has exited.
    await this.process.kill(SHUTDOWN_GRACE_MS);
    this.closeSockets();
  }

  private closeSockets(): void {
    if (this.closed) return;
    this.closed = true;
    for (const socket of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) socket.close();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** "exit code 3" or "signal SIGKILL". */
export function describeExit(end: { code: number | null; signal: NodeJS.Signals | null }): string {
  return end.signal !== null ? `signal ${end.signal}` : `exit code ${end.code ?? 'unknown'}`;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() || '(no output)';
}
