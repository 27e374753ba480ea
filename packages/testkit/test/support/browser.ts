/**
 * A real Chromium for the console's browser tests: Debian's `chromium` package driven by
 * playwright-core (Playwright's own browser downloads are not reachable from CI). One browser per
 * test file; each test gets a fresh context (its own cookies).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium is: JOURNEYKIT_CHROMIUM, else Debian's path. */
const CHROMIUM = process.env.JOURNEYKIT_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The console's browser tests need Chromium at ${CHROMIUM}. Install Debian's package: ` +
        '`apt-get update && apt-get install -y chromium` (as .ci/run does), or set JOURNEYKIT_CHROMIUM to a Chromium binary.',
    );
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'], headless: true });
}
