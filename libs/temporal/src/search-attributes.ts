import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES, type SearchAttributeKind } from '@herald/contracts';

const INDEXED_VALUE_TYPE: Record<SearchAttributeKind, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Registers Herald's search attributes in the namespace where they are missing; returns those
 * added. Takes a client Connection or the worker's NativeConnection: both carry the service.
 */
export async function ensureSearchAttributes(connection: { operatorService: temporal.api.operatorservice.v1.OperatorService }, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.values(SEARCH_ATTRIBUTES).filter((attribute) => !known.has(attribute.name));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((attribute) => [attribute.name, INDEXED_VALUE_TYPE[attribute.type]])),
    });
  } catch (error) {
    // Another worker registered them at the same moment: fine, as long as they now exist.
    const after = await connection.operatorService.listSearchAttributes({ namespace });
    if (missing.some((attribute) => !(attribute.name in (after.customAttributes ?? {})))) throw error;
  }
  return missing.map((attribute) => attribute.name);
}
