/**
 * The writes of the Like service (the rule in shared/like-counters.ts):
 * 1. on the mysfit item in the app's table, as the workshop's like does,
 *    `SET Likes = Likes + :n` (conditioned on the item existing, so a like on an unknown id
 *    is a 404 and creates nothing), plus `ADD CountedLikes_<region> :n` in the same update;
 * 2. on this region's counter in the likes table (`__likes#<mysfitId>#<region>`), an item no
 *    other region writes, `ADD Likes :n`.
 * A like whose second write fails after the first is still counted once (by the item); one
 * whose first write is lost to a concurrent write in another region is still counted once
 * (by the counter).
 */
import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { callDynamoDb, DynamoDbError } from '../shared/dynamodb-client.js';
import {
  countedLikesAttribute,
  getLikeCounters,
  likeCounterId,
  likesOf,
  totalLikes,
} from '../shared/like-counters.js';
import { isInternalMysfitId, type TableItem } from '../shared/mysfit-item.js';

/** What a counted like answers. */
export interface LikeResult {
  /** The mysfit's likes after this one, as read in this region (shared/like-counters.ts). */
  likes: number;
  /** This region's counter after the increment: the like's sequence number in (mysfit, region). */
  regionLikes: number;
}

/** Write access for likes. */
export interface LikeStore {
  /** Adds `count` likes in this region; resolves to the new figures, or undefined when the mysfit does not exist. */
  addLikes(id: string, count: number): Promise<LikeResult | undefined>;
}

/** Where the likes go. */
export interface LikeTables {
  /** The app's table (DDB_TABLE_NAME), holding the mysfits. */
  tableName: string;
  /** The likes table (LIKES_TABLE_NAME), holding the per-region counters. */
  likesTableName: string;
}

async function raiseMysfitLikes(
  client: DynamoDBClient,
  tableName: string,
  id: string,
  region: string,
  count: number,
): Promise<TableItem | undefined> {
  const command = new UpdateItemCommand({
    TableName: tableName,
    Key: { MysfitId: { S: id } },
    UpdateExpression: 'SET #likes = if_not_exists(#likes, :zero) + :n ADD #counted :n',
    ConditionExpression: 'attribute_exists(#id)',
    ExpressionAttributeNames: {
      '#id': 'MysfitId',
      '#likes': 'Likes',
      '#counted': countedLikesAttribute(region),
    },
    ExpressionAttributeValues: { ':n': { N: String(count) }, ':zero': { N: '0' } },
    ReturnValues: 'ALL_NEW',
  });
  try {
    return (await client.send(command)).Attributes;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw new DynamoDbError('UpdateItem', error);
  }
}

/**
 * A LikeStore over `tables` through `client`, counting in `region`; `regions` (which include
 * `region`) make up the total.
 */
export function createLikeStore(
  client: DynamoDBClient,
  tables: LikeTables,
  region: string,
  regions: readonly string[],
): LikeStore {
  const others = regions.filter((r) => r !== region);
  return {
    async addLikes(id, count) {
      if (isInternalMysfitId(id)) return undefined;
      const mysfit = await raiseMysfitLikes(client, tables.tableName, id, region, count);
      if (mysfit === undefined) return undefined;
      const counter = new UpdateItemCommand({
        TableName: tables.likesTableName,
        Key: { MysfitId: { S: likeCounterId(id, region) } },
        UpdateExpression: 'ADD Likes :n',
        ExpressionAttributeValues: { ':n': { N: String(count) } },
        ReturnValues: 'UPDATED_NEW',
      });
      const [counted, otherCounters] = await Promise.all([
        callDynamoDb('UpdateItem', () => client.send(counter)),
        getLikeCounters(client, tables.likesTableName, [id], others),
      ]);
      const regionLikes = likesOf(counted.Attributes);
      const counters = new Map(otherCounters.get(id) ?? []);
      counters.set(region, regionLikes);
      return { likes: totalLikes(mysfit, counters, regions), regionLikes };
    },
  };
}
