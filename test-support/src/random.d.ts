/**
 * A reproducible stream of numbers in [0, 1) for a seed (mulberry32: tiny, fast, and good enough
 * to decide which request a fault hits; not for secrets).
 */
export declare function seededRandom(seed: number): () => number;
