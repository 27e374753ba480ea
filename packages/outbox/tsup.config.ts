import { journeykitBuild } from '../../tsup.shared';

export default journeykitBuild({
  entry: ['src/index.ts', 'src/nestjs/index.ts'],
  // pg-boss 12 needs Node 22.12; so does this package.
  target: 'node22',
  // The Nest entry reaches the main one by name: one JourneysOutbox class, the injection token.
  external: ['pg-boss', '@electric-sql/pglite', '@journeykit/outbox', /^@nestjs\//],
});
