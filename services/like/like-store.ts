/**
 * The one write of the Like service: an atomic increment of this region's like counter of
 * the mysfit (`__likes#<mysfitId>#<region>`, shared/like-counters.ts), an item no other
 * region writes, so concurrent likes in two regions never overwrite each other on the global
 * table. The mysfit item itself is only read: first, strongly consistent, in one
 * BatchGetItem with the other regions' counters, so a like on an unknown id is a 404 and
 * creates nothing.
 */
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callDynamoDb } from '../shared/dynamodb-client.js';
import { batchGetItems, likeCounterId, likesOf, sumLikeCounters } from '../shared/like-counters.js';
import { isInternalMysfitId, isPublicItem } from '../shared/mysfit-item.js';

/** What a counted like answers. */
export interface LikeResult {
  /** The mysfit's total: its seed plus every region's counter, as read in this region. */
  likes: number;
  /** This region's counter after the increment: the like's sequence number in (mysfit, region). */
  regionLikes: number;
}

/** Write access for likes. */
export interface LikeStore {
  /** Adds `count` likes in this region; resolves to the new figures, or undefined when the mysfit does not exist. */
  addLikes(id: string, count: number): Promise<LikeResult | undefined>;
}

/**
 * A LikeStore over `tableName` through `client`, counting in `region`; `regions` (which
 * include `region`) make up the total.
 */
export function createLikeStore(
  client: DynamoDBClient,
  tableName: string,
  region: string,
  regions: readonly string[],
): LikeStore {
  const others = regions.filter((r) => r !== region);
  return {
    async addLikes(id, count) {
      if (isInternalMysfitId(id)) return undefined;
      const otherCounters = others.map((r) => likeCounterId(id, r));
      const read = await batchGetItems(client, tableName, [id, ...otherCounters], {
        consistentRead: true,
      });
      const mysfit = read.get(id);
      if (mysfit === undefined || !isPublicItem(mysfit)) return undefined;
      const command = new UpdateItemCommand({
        TableName: tableName,
        Key: { MysfitId: { S: likeCounterId(id, region) } },
        UpdateExpression: 'ADD Likes :n',
        ExpressionAttributeValues: { ':n': { N: String(count) } },
        ReturnValues: 'UPDATED_NEW',
      });
      const result = await callDynamoDb('UpdateItem', () => client.send(command));
      const regionLikes = likesOf(result.Attributes);
      const otherLikes = sumLikeCounters([...read.values()], others).get(id) ?? 0;
      return { likes: likesOf(mysfit) + otherLikes + regionLikes, regionLikes };
    },
  };
}
