/**
 * What survived of the likes: each region's like counter (`__likes#<mysfitId>#<region>`,
 * attribute `Likes`) as one region's replica of the global table shows it, read strongly
 * consistently, for `lostLikes` to compare with the sequence numbers acknowledged.
 */
import type { DynamoDbPort } from '../core/ports.js';
import { likeCounterKey } from './measure.js';

/** The id of the counter item of `mysfitId`'s likes taken in `region`. */
export function likeCounterItemId(mysfitId: string, region: string): string {
  return `__likes#${mysfitId}#${region}`;
}

/** Where the counters live. */
export interface CounterTable {
  name: string;
  /** The table's hash key attribute. Default `MysfitId`. */
  hashKey?: string;
}

/**
 * The counters of every (mysfit, writing region) pair as `dynamodb` (the surviving
 * region's port) sees them, keyed by `likeCounterKey(mysfitId, region)`: a counter item
 * that is absent, or has no numeric `Likes`, reads as 0. Rejects when a read fails.
 */
export async function readVisibleLikeCounters(
  dynamodb: DynamoDbPort,
  table: CounterTable,
  regions: readonly string[],
  mysfitIds: Iterable<string>,
): Promise<Map<string, number>> {
  const hashKey = table.hashKey ?? 'MysfitId';
  const pairs = [...new Set(mysfitIds)].flatMap((id) => regions.map((region) => ({ id, region })));
  const visible = new Map<string, number>();
  // A few reads at a time: a game day likes a handful of mysfits, and the region may be busy.
  for (let i = 0; i < pairs.length; i += 8) {
    await Promise.all(
      pairs.slice(i, i + 8).map(async ({ id, region }) => {
        const item = await dynamodb.getItem(table.name, {
          [hashKey]: likeCounterItemId(id, region),
        });
        const likes = item?.Likes;
        visible.set(likeCounterKey(id, region), typeof likes === 'number' ? likes : 0);
      }),
    );
  }
  return visible;
}
