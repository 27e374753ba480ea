/** Small HTML helpers for the console's server-rendered pages: escaping and the page frame. */
import { CONSOLE_PREFIX } from './access.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** A path under the console's prefix, each segment percent-encoded. */
export function consolePath(...segments: string[]): string {
  return `${CONSOLE_PREFIX}/${segments.map(encodeURIComponent).join('/')}`;
}

/** JSON text pretty-printed when it parses, else as it came. */
export function pretty(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A time as the console shows it: ISO 8601, to the millisecond, in a `<time>` element. */
export function time(at: Date | string | number | undefined): string {
  if (at === undefined) return '';
  const iso = new Date(at).toISOString();
  return `<time datetime="${iso}">${iso.replace('T', ' ').replace('Z', '')}</time>`;
}

export type Tab = 'runs' | 'requests' | 'journeys';
const TABS: readonly [Tab, string, string][] = [
  ['runs', 'Runs', `${CONSOLE_PREFIX}/`],
  ['requests', 'Requests', `${CONSOLE_PREFIX}/requests`],
  ['journeys', 'Journeys', `${CONSOLE_PREFIX}/journeys`],
];

/** A whole page: the header with the tabs and the live indicator, then `main`. */
export function page(title: string, tab: Tab | undefined, main: string, script = true): string {
  const nav = TABS.map(([id, label, href]) => `<a href="${href}"${id === tab ? ' aria-current="page"' : ''}>${label}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · journeykit fake Courier</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${CONSOLE_PREFIX}/assets/console.css">
${script ? `<script src="${CONSOLE_PREFIX}/assets/console.js" defer></script>` : ''}
</head>
<body data-prefix="${CONSOLE_PREFIX}">
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<span class="brand">journeykit <span>fake Courier console</span></span>
<nav aria-label="Console sections">${nav}</nav>
<span id="live" class="live" role="status" aria-live="polite">Not live</span>
</header>
<main id="main" tabindex="-1">
${main}
</main>
</body>
</html>
`;
}
