import { journeykitBuild } from '../../tsup.shared';

// app.ts is an entry too: `pnpm demo` (and anyone scripting the sample) imports start() from it.
export default journeykitBuild({ entry: ['src/main.ts', 'src/app.ts'], format: ['esm'], dts: false });
