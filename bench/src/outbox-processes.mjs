// The child processes of the outbox benchmark and profile: the fake Courier (outbox-soak-server.mjs)
// and the questions they answer over IPC.
import { fork } from 'node:child_process';

/**
 * Sends `{ type }` to a child process and resolves with the first reply of the same type.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} type
 * @returns {Promise<any>}
 */
export function ask(child, type) {
  return new Promise((resolve) => {
    /** @param {any} m */
    const on = (m) => {
      if (m?.type !== type) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send({ type });
  });
}

/** The fake Courier in a process of its own, without faults; `runs()` is how many runs it has started. */
export async function startCourierProcess() {
  const server = fork(new URL('./outbox-soak-server.mjs', import.meta.url), [JSON.stringify({ rate: 0, seed: 1 })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  /** @type {{ url: string }} */
  const ready = await new Promise((resolve) => server.once('message', resolve));
  return { server, url: ready.url, runs: async () => /** @type {number} */ ((await ask(server, 'progress')).runs) };
}

/**
 * Stores `count` invocations to deliver, 100 at a time.
 * @param {{ enqueue(templateId: string, request: { user_id: string }): Promise<unknown> }} producer
 * @param {number} count
 */
export async function storeInvocations(producer, count) {
  for (let i = 0; i < count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, j) => producer.enqueue('order-confirmation', { user_id: `u${i + j}` })));
  }
}
