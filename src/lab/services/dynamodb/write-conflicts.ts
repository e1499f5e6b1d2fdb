/**
 * Concurrent writes to one item of a multi-Region strongly consistent (MRSC) table from two
 * regions: DynamoDB rejects the later one with ReplicatedWriteConflictException ("The
 * request was rejected because one or more items in the request are being modified by a
 * request in another Region."). The lab keeps the items each MRSC write names while
 * DynamoDB Local carries it out, and refuses a write from another region that names one.
 * PartiQL writes name no key the lab reads, so they never conflict.
 */
import { AwsError } from '../../protocol/aws-error.js';
import type { GlobalTableRecord } from './global-table-store.js';
import { tableNameOf } from './table-names.js';

type Item = Record<string, unknown>;

function itemKey(table: string, attributes: readonly string[], item: Item | undefined): string {
  return `${table}\u0000${JSON.stringify(attributes.map((a) => item?.[a] ?? null))}`;
}

/** The items (table and key) a PutItem, UpdateItem, DeleteItem or BatchWriteItem writes in `strong` tables. */
export function writtenItems(
  operation: string,
  input: Record<string, unknown>,
  strong: readonly GlobalTableRecord[],
): string[] {
  const keysOf = (table: string) => strong.find((t) => t.tableName === table)?.keyAttributes;
  if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem') {
    const table = tableNameOf(input.TableName);
    const attributes = keysOf(table);
    const item = (operation === 'PutItem' ? input.Item : input.Key) as Item | undefined;
    return attributes ? [itemKey(table, attributes, item)] : [];
  }
  if (operation !== 'BatchWriteItem') return [];
  const keys: string[] = [];
  const requests = (input.RequestItems ?? {}) as Record<string, unknown>;
  for (const [name, list] of Object.entries(requests)) {
    const table = tableNameOf(name);
    const attributes = keysOf(table);
    if (!attributes || !Array.isArray(list)) continue;
    for (const request of list as {
      PutRequest?: { Item?: Item };
      DeleteRequest?: { Key?: Item };
    }[])
      keys.push(
        itemKey(table, attributes, request?.PutRequest?.Item ?? request?.DeleteRequest?.Key),
      );
  }
  return keys;
}

/** The MRSC items being written right now, and by which region. */
export class WriteConflicts {
  readonly #writing = new Map<string, { region: string; count: number }>();

  /**
   * Marks `items` as being written from `region` and returns the function that unmarks
   * them; throws ReplicatedWriteConflictException if another region is writing one of them.
   */
  begin(region: string, items: readonly string[]): () => void {
    if (items.some((item) => (this.#writing.get(item)?.region ?? region) !== region)) {
      throw new AwsError(
        'ReplicatedWriteConflictException',
        'The request was rejected because one or more items in the request are being modified by a request in another Region.',
      );
    }
    for (const item of items) {
      const entry = this.#writing.get(item) ?? { region, count: 0 };
      entry.count++;
      this.#writing.set(item, entry);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const item of items) {
        const entry = this.#writing.get(item)!;
        if (--entry.count === 0) this.#writing.delete(item);
      }
    };
  }
}
