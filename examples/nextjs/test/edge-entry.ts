// What the edge test runs in the sandbox: the recipe's edge route and its server action, as Next would
// bundle them for `runtime = 'edge'`.
import { invite } from '../src/app/actions';
import { POST as resetPassword } from '../src/app/api/password-reset/route';

(globalThis as { recipe?: unknown }).recipe = { resetPassword, invite };
