/** Messages for ranking (owned by the ranking work). */
import type { CatalogPart } from './index.js';

export const ranking: CatalogPart = {
  en: {},
  nb: {},
};
