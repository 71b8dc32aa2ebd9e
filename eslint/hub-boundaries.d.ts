import type { Linter } from 'eslint';

declare const hubBoundaries: Linter.Config[];
export default hubBoundaries;
