import { type InvokeOptions, type InvokeRequest, type InvokeResponse, type JourneysInvoker } from '@journeykit/core';
import { prepareInvocation } from '@journeykit/core/internal';

export interface RecordedCall {
  templateId: string;
  request: InvokeRequest;
  options: InvokeOptions | undefined;
}

/**
 * A JourneysInvoker for tests of the adapter's own behaviour: it validates like the real client
 * (same core function), records each call, and can be told to fail or to hold its answer.
 */
export class RecordingInvoker implements JourneysInvoker {
  readonly calls: RecordedCall[] = [];
  closeCalls = 0;
  #failure: unknown;
  #held: Array<() => void> | undefined;

  failWith(error: unknown): this {
    this.#failure = error;
    return this;
  }

  /** Calls wait until `release()`. */
  hold(): this {
    this.#held = [];
    return this;
  }

  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const go of held) go();
  }

  async invoke(templateId: string, request: InvokeRequest, options?: InvokeOptions): Promise<InvokeResponse> {
    prepareInvocation(templateId, request, options);
    this.calls.push({ templateId, request, options });
    const held = this.#held;
    if (held !== undefined) await new Promise<void>((resolve) => held.push(resolve));
    if (this.#failure !== undefined) throw this.#failure;
    return { runId: `run-${this.calls.length}` };
  }

  async close(): Promise<void> {
    this.closeCalls++;
  }
}
