import { z } from 'zod';

/** Where the app's journeys go: the embedded fake server, or Courier (or any URL you set). */
export type JourneysTarget = 'fake-courier' | 'courier';

/** What the app reads from its environment. An empty variable counts as unset. */
const envSchema = z.object({
  COURIER_API_KEY: z.string().trim().min(1).optional(),
  COURIER_BASE_URL: z.url().optional(),
  JOURNEYS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  JOURNEYS_MAX_RETRIES: z.coerce.number().int().min(0).default(2),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
});

export type Env = z.infer<typeof envSchema>;

/** The configuration ConfigModule serves to the app (`ConfigService<AppConfig, true>`). */
export interface AppConfig {
  courier: {
    apiKey: string;
    baseUrl: string;
    timeoutMs: number;
    maxRetries: number;
  };
  journeysTarget: JourneysTarget;
}

/** Reads the environment; throws one readable error naming every bad variable (never its value). */
export function readEnv(env: NodeJS.ProcessEnv): Env {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}
