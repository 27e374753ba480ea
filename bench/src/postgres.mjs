// The PostgreSQL server the outbox soak and benchmark use: JOURNEYKIT_TEST_DATABASE_URL or
// DATABASE_URL when set, else a throwaway one started with .ci/postgres.sh (and stopped by `stop`).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../.ci/postgres.sh', import.meta.url));

/** @param {string} name names the throwaway cluster's folder, so a soak and a bench never share one */
export function postgres(name) {
  const given = process.env.JOURNEYKIT_TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) return { url: given, stop: () => {} };
  const env = { ...process.env, JOURNEYKIT_PG_DIR: `/tmp/journeykit-pg-${name}` };
  const line = execFileSync('bash', [script, 'start'], { env, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  const url = /JOURNEYKIT_TEST_DATABASE_URL=(\S+)/.exec(line)?.[1];
  if (!url) throw new Error('could not start PostgreSQL with .ci/postgres.sh');
  return { url, stop: () => execFileSync('bash', [script, 'stop'], { env, stdio: 'inherit' }) };
}
