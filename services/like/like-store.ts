/**
 * The one write of the Like service: an atomic counter increment that refuses to create
 * items (ConditionExpression attribute_exists), so a like on an unknown id is a 404 and
 * never a half-empty mysfit.
 */
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbError } from '../shared/dynamodb-client.js';
import { isInternalMysfitId } from '../shared/mysfit-item.js';

/** Write access for likes. */
export interface LikeStore {
  /** Adds `count` likes; resolves to the new total, or undefined when the mysfit does not exist. */
  addLikes(id: string, count: number): Promise<number | undefined>;
}

/** A LikeStore over `tableName` through `client`. */
export function createLikeStore(client: DynamoDBClient, tableName: string): LikeStore {
  return {
    async addLikes(id, count) {
      if (isInternalMysfitId(id)) return undefined;
      const command = new UpdateItemCommand({
        TableName: tableName,
        Key: { MysfitId: { S: id } },
        UpdateExpression: 'SET Likes = if_not_exists(Likes, :zero) + :n',
        ConditionExpression: 'attribute_exists(MysfitId)',
        ExpressionAttributeValues: { ':zero': { N: '0' }, ':n': { N: String(count) } },
        ReturnValues: 'UPDATED_NEW',
      });
      try {
        const result = await client.send(command);
        return Number(result.Attributes?.Likes?.N ?? Number.NaN);
      } catch (err) {
        if ((err as { name?: unknown }).name === 'ConditionalCheckFailedException')
          return undefined;
        throw new DynamoDbError('UpdateItem', err);
      }
    },
  };
}
