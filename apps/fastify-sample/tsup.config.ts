import { journeykitBuild } from '../../tsup.shared';

// app.ts is an entry too, so tests and scripts can import start() from dist/app.js.
export default journeykitBuild({ entry: ['src/main.ts', 'src/app.ts'], format: ['esm'], dts: false });
