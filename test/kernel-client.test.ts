import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { KernelClient } from '../src/jupyter/kernel-client.js';
import { createMessage, decodeMessage, encodeMessage, type Message } from '../src/jupyter/wire.js';
import { REPO_ROOT, tempDir } from './helpers.js';
import { kernelsUnder, zombieChildrenOf } from './processes.js';

const TIMEOUT_MS = 20_000;

test('messages are signed with HMAC-SHA256 and a wrong key or tampered part is rejected', () => {
  const message = createMessage('session-1', 'execute_request', { code: '1 + 1' });
  const frames = encodeMessage('secret', message);
  const identity = Buffer.from('router-identity');
  assert.deepEqual(decodeMessage('secret', [identity, ...frames]), message);
  assert.throws(() => decodeMessage('other', frames), /bad HMAC signature/);
  const tampered = [...frames];
  tampered[5] = Buffer.from(JSON.stringify({ code: 'process.exit()' }));
  assert.throws(() => decodeMessage('secret', tampered), /bad HMAC signature/);
  assert.throws(() => decodeMessage('secret', frames.slice(1)), /delimiter/);
});

/** tslab aborts requests that arrive within 200 ms of a failed one (stop_on_error); wait that out. */
function settleAfterError(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 300));
}

/** Stream text a kernel sent for one request, from the iopub messages seen. */
function streamText(messages: readonly Message[], msgId: string, name = 'stdout'): string {
  return messages
    .filter((m) => m.parent_header.msg_id === msgId && m.header.msg_type === 'stream' && m.content.name === name)
    .map((m) => String(m.content.text))
    .join('');
}

test('one kernel: output, errors, late output, timeout with interrupt, then clean shutdown', async () => {
  const connectionDir = tempDir();
  const seen: Message[] = [];
  const client = await KernelClient.start({
    cwd: REPO_ROOT,
    connectionDir,
    env: { BASEL_MARK: 'set' },
    onIopub: (m) => seen.push(m),
  });
  try {
    assert.equal(kernelsUnder(connectionDir).length, 1, 'one kernel process is running');
    assert.equal(await client.ping(), true);

    const ok = await client.execute(
      'console.log(`mark=${process.env.BASEL_MARK}, cwd ok=${process.cwd() === ' + JSON.stringify(REPO_ROOT) + '}`)',
      { timeoutMs: TIMEOUT_MS },
    );
    assert.equal(ok.status, 'ok');
    assert.equal(ok.executionCount, 1);
    assert.equal(streamText(seen, ok.msgId), 'mark=set, cwd ok=true\n');

    const late = await client.execute("await new Promise((r) => setTimeout(r, 200));\nconsole.log('after await');", {
      timeoutMs: TIMEOUT_MS,
    });
    assert.equal(late.status, 'ok');
    assert.equal(
      streamText(seen, late.msgId),
      'after await\n',
      'output printed after an await arrives before execute returns',
    );
    const idle = seen.filter((m) => m.parent_header.msg_id === late.msgId && m.header.msg_type === 'status');
    assert.deepEqual(
      idle.map((m) => m.content.execution_state),
      ['busy', 'idle'],
    );

    const failed = await client.execute("throw new TypeError('bad input')", { timeoutMs: TIMEOUT_MS });
    assert.equal(failed.status, 'error');
    assert.match(streamText(seen, failed.msgId, 'stderr'), /TypeError: bad input/);
    await settleAfterError();

    const stuck = await client.execute('await new Promise(() => {});', { timeoutMs: 1500 });
    assert.equal(stuck.status, 'timeout');
    assert.match(streamText(seen, stuck.msgId, 'stderr'), /Interrupted/, 'the kernel reports the interrupt');
    await settleAfterError();

    const spinning = await client.execute('let spins = 0; while (true) { spins++; }', { timeoutMs: 1500 });
    assert.equal(spinning.status, 'timeout');
    assert.match(
      streamText(seen, spinning.msgId, 'stderr'),
      /interrupted by `SIGINT`/,
      'a synchronous loop is interrupted too',
    );

    await settleAfterError();
    const after = await client.execute("console.log('still alive')", { timeoutMs: TIMEOUT_MS });
    assert.equal(after.status, 'ok');
    assert.equal(streamText(seen, after.msgId), 'still alive\n');
    assert.equal(client.rejectedMessages, 0);
  } finally {
    await client.shutdown();
  }
  assert.equal(client.process.isRunning, false);
  assert.deepEqual(kernelsUnder(connectionDir), [], 'no kernel process is left');
  assert.deepEqual(zombieChildrenOf(process.pid), []);
  assert.equal(existsSync(client.process.connectionFile), false, 'the connection file is removed');
});

test('a kernel that exits during a cell is reported as dead, and nothing is left behind', async () => {
  const connectionDir = tempDir();
  const client = await KernelClient.start({ cwd: REPO_ROOT, connectionDir });
  try {
    const result = await client.execute('process.exit(7)', { timeoutMs: TIMEOUT_MS });
    assert.equal(result.status, 'died');
    assert.equal(result.exitDescription, 'exit code 7');
  } finally {
    await client.shutdown();
  }
  assert.deepEqual(kernelsUnder(connectionDir), []);
  assert.deepEqual(zombieChildrenOf(process.pid), []);
});
