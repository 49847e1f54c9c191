/** The host's SHA-256 for the core's inputs hash (the core itself imports nothing from node:). */
import { createHash } from 'node:crypto';
import { type Sha256, inputsHasher } from '../core/inputs-hash.js';

export const sha256 = (): Sha256 => {
  const h = createHash('sha256');
  return { update: (data) => h.update(data), digest: () => h.digest('hex') };
};

export const inputsHash = inputsHasher(sha256);
