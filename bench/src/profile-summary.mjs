/**
 * Reads a V8 CPU profile (.cpuprofile) and says where the time went, by owner: every sample is
 * charged to the nearest frame on its stack that belongs to @journeykit/core, undici or the
 * bench harness, so Node internals and builtins (randomUUID, timers, Buffer) count for the
 * library that called them. Core frames are mapped back to packages/core/src through the
 * build's source map, line by line (V8's positionTicks), and each line is put in one step of the
 * hot path: validation, identifier resolution, serialisation, id generation, transport, response
 * parsing, retry bookkeeping, hooks.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ functionName: string, url: string, lineNumber: number, columnNumber: number }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame, children?: number[], positionTicks?: { line: number, ticks: number }[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }} CpuProfile
 */

/** @param {CallFrame} frame */
function classOf(frame) {
  const { url, functionName } = frame;
  if (url.includes('/packages/core/dist/')) return 'core';
  if (url.includes('/undici/') || url.startsWith('wasm://')) return 'undici'; // llhttp is undici's wasm parser
  if (url.endsWith('/bench/src/implementations.mjs')) return 'adapter';
  if (url.includes('/bench/src/')) return 'harness';
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(program)') return 'program';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(root)') return 'root';
  return url.startsWith('node:') ? 'node' : 'native';
}

// 'adapter' is the bench's few lines per implementation: for raw undici that is the user's own
// JSON.stringify and body.json(), the work JourneysClient does inside core.
const OWNERS = new Set(['core', 'undici', 'adapter', 'harness', 'gc', 'program', 'idle']);

/** The source map of one generated file, with the generated text to find each line's first column. */
function loadMap(/** @type {string} */ fileUrl) {
  const path = fileURLToPath(fileUrl);
  const generated = readFileSync(path, 'utf8').split('\n');
  const payload = JSON.parse(readFileSync(`${path}.map`, 'utf8'));
  const map = new SourceMap(payload);
  const sources = /** @type {string[]} */ (payload.sources);
  const contents = /** @type {string[]} */ (payload.sourcesContent ?? []).map((text) => text.split('\n'));
  return {
    /** @param {number} line0 generated line, 0-based @param {number} [column0] */
    original(line0, column0) {
      const column = column0 ?? Math.max(0, (generated[line0] ?? '').search(/\S/));
      const entry = /** @type {any} */ (map.findEntry(line0, column));
      if (!entry || entry.originalSource === undefined) return undefined;
      const index = sources.findIndex((s) => entry.originalSource.endsWith(s.replace(/^(\.\.\/)+/, '')));
      const file = entry.originalSource.replace(/^.*\/packages\/core\//, '');
      const text = index >= 0 ? (contents[index]?.[entry.originalLine] ?? '').trim() : '';
      return { file, line: entry.originalLine + 1, text };
    },
  };
}

/**
 * Which step of the hot path a piece of core time belongs to.
 * @param {{ file: string, text: string, functionName: string, callee?: string }} where
 */
function stepOf({ file, text, functionName, callee = '' }) {
  if (/UUID|secureBuffer|getRandomValues|randomFill/.test(callee) || text.includes('randomUUID')) return 'id generation';
  if (/JSON\.stringify|byteLength/.test(text) && file.endsWith('validate.ts')) return 'serialisation';
  if (file.endsWith('identifiers.ts')) return 'identifier resolution';
  // The one-pass read of the request into the JSON that is sent (what JSON.stringify then writes).
  if (file.endsWith('json-snapshot.ts')) return 'validation: JSON snapshot (one-pass copy)';
  // string -> Buffer once per call; raw undici pays the same inside undici's Request.
  if (functionName === 'encodeBody') return 'body bytes (Buffer.from)';
  if (file.endsWith('validate.ts') || file.endsWith('json-values.ts') || file.endsWith('catalog.ts')) return 'validation';
  if (/parseBody|runIdOf|findHeader/.test(functionName) || /JSON\.parse|parseBody|toString\('utf8'\)/.test(text)) return 'response parsing';
  if (file.endsWith('hooks.ts') || /callHook|hooks/.test(text)) return 'hooks';
  if (file.endsWith('transport.ts')) {
    return /Timeout|timers|getLibuvNow|unenroll|insert|linkedlist/.test(callee) || /setTimeout|clearTimeout/.test(text)
      ? 'transport: per-attempt timer'
      : 'transport: undici handler';
  }
  if (file.endsWith('client.ts') || file.endsWith('retry-policy.ts')) return 'client: request object, retry bookkeeping';
  return 'other core';
}

/**
 * @param {CpuProfile} profile
 * @param {number} invokes invokes during the profiled span, for per-invoke figures
 */
export function summariseProfile(profile, invokes) {
  /** @type {Map<number, ProfileNode>} */
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

  // Self time per node, in µs: each sample owns the time until the next one.
  /** @type {Map<number, number>} */
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const id = /** @type {number} */ (samples[i]);
    const dt = timeDeltas[i + 1] ?? (profile.endTime - profile.startTime) / samples.length;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

  /** @type {Map<number, { owner: string, ownerNode: number | undefined }>} */
  const ownerCache = new Map();
  const ownerOf = (/** @type {number} */ id) => {
    const cached = ownerCache.get(id);
    if (cached) return cached;
    /** @type {{ owner: string, ownerNode: number | undefined }} */
    let found = { owner: 'runtime', ownerNode: undefined };
    for (let cur = /** @type {number | undefined} */ (id); cur !== undefined; cur = parent.get(cur)) {
      const cls = classOf(/** @type {ProfileNode} */ (nodes.get(cur)).callFrame);
      if (OWNERS.has(cls)) {
        found = { owner: cls, ownerNode: cur };
        break;
      }
    }
    ownerCache.set(id, found);
    return found;
  };

  /** @type {Map<string, ReturnType<typeof loadMap>>} */
  const maps = new Map();
  const mapFor = (/** @type {string} */ url) => {
    if (!maps.has(url)) maps.set(url, loadMap(url));
    return /** @type {ReturnType<typeof loadMap>} */ (maps.get(url));
  };
  const where = (/** @type {CallFrame} */ f) => mapFor(f.url).original(f.lineNumber, f.columnNumber);

  /** @type {Record<string, number>} */
  const byOwner = {};
  /** @type {Map<string, { fn: string, file: string, line: number, text: string, step: string, us: number }>} */
  const coreLines = new Map();
  /** @type {Map<string, { fn: string, callee: string, step: string, us: number }>} */
  const coreCallees = new Map();
  /** @type {Map<string, { fn: string, us: number }>} */
  const coreFunctions = new Map();
  /** @type {Record<string, number>} */
  const steps = {};

  for (const [id, us] of selfUs) {
    const node = /** @type {ProfileNode} */ (nodes.get(id));
    const { owner, ownerNode } = ownerOf(id);
    const own = classOf(node.callFrame) === owner;
    const key = owner === 'core' ? (own ? 'core (own code)' : 'core -> Node internals and builtins') : owner;
    byOwner[key] = (byOwner[key] ?? 0) + us;
    if (owner !== 'core' || ownerNode === undefined) continue;

    const ownerFrame = /** @type {ProfileNode} */ (nodes.get(ownerNode)).callFrame;
    const fnAt = where(ownerFrame);
    const fn = `${ownerFrame.functionName || '(anonymous)'} (${fnAt ? `${fnAt.file}:${fnAt.line}` : 'dist'})`;
    const fnEntry = coreFunctions.get(fn) ?? { fn, us: 0 };
    fnEntry.us += us;
    coreFunctions.set(fn, fnEntry);

    if (own) {
      // Spread the node's self time over its lines in proportion to V8's per-line ticks.
      const ticks = node.positionTicks ?? [];
      const totalTicks = ticks.reduce((a, t) => a + t.ticks, 0);
      const parts =
        totalTicks > 0 ? ticks.map((t) => ({ line0: t.line - 1, us: (us * t.ticks) / totalTicks })) : [{ line0: node.callFrame.lineNumber, us }];
      for (const part of parts) {
        const at = mapFor(node.callFrame.url).original(part.line0) ?? { file: 'dist', line: part.line0 + 1, text: '' };
        const step = stepOf({ file: at.file, text: at.text, functionName: ownerFrame.functionName });
        const lineKey = `${at.file}:${at.line}`;
        const entry = coreLines.get(lineKey) ?? { fn: ownerFrame.functionName, file: at.file, line: at.line, text: at.text, step, us: 0 };
        entry.us += part.us;
        coreLines.set(lineKey, entry);
        steps[step] = (steps[step] ?? 0) + part.us;
      }
    } else {
      const callee = `${node.callFrame.functionName || '(anonymous)'}${node.callFrame.url ? ` [${node.callFrame.url.replace(/^file:\/\/.*\/node_modules\//, '')}]` : ''}`;
      const step = stepOf({ file: fnAt?.file ?? '', text: '', functionName: ownerFrame.functionName, callee });
      const calleeKey = `${fn}|${callee}`;
      const entry = coreCallees.get(calleeKey) ?? { fn, callee, step, us: 0 };
      entry.us += us;
      coreCallees.set(calleeKey, entry);
      steps[step] = (steps[step] ?? 0) + us;
    }
  }

  const perInvoke = (/** @type {number} */ us) => us / invokes;
  const sortUs = (/** @type {{ us: number }[]} */ list) => list.sort((a, b) => b.us - a.us);
  return {
    invokes,
    sampledMs: totalUs / 1000,
    samples: samples.length,
    usPerInvoke: perInvoke(totalUs - (byOwner.idle ?? 0)),
    byOwner: Object.fromEntries(
      Object.entries(byOwner)
        .sort((a, b) => b[1] - a[1])
        .map(([k, us]) => [k, { ms: us / 1000, usPerInvoke: perInvoke(us), share: us / totalUs }]),
    ),
    steps: Object.fromEntries(
      Object.entries(steps)
        .sort((a, b) => b[1] - a[1])
        .map(([k, us]) => [k, { ms: us / 1000, usPerInvoke: perInvoke(us), share: us / totalUs }]),
    ),
    coreFunctions: sortUs([...coreFunctions.values()])
      .slice(0, 30)
      .map((f) => ({ ...f, usPerInvoke: perInvoke(f.us), share: f.us / totalUs })),
    coreLines: sortUs([...coreLines.values()])
      .slice(0, 40)
      .map((l) => ({ ...l, usPerInvoke: perInvoke(l.us), share: l.us / totalUs })),
    coreCallees: sortUs([...coreCallees.values()])
      .slice(0, 30)
      .map((c) => ({ ...c, usPerInvoke: perInvoke(c.us), share: c.us / totalUs })),
  };
}
