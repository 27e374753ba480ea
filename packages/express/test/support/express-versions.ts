import express5 from 'express';
import express4 from 'express4';

/** The adapter is tested on both majors: every HTTP suite runs once per entry. */
export const EXPRESS_VERSIONS = [
  ['express 5', express5],
  ['express 4', express4],
] as const;

export type ExpressFactory = (typeof EXPRESS_VERSIONS)[number][1];
