/** Messages for fields (owned by the fields work). */
import type { CatalogPart } from './index.js';

export const fields: CatalogPart = {
  en: {},
  nb: {},
};
