import { journeykitBuild } from '../../tsup.shared';

export default journeykitBuild({ entry: ['src/index.ts'] });
