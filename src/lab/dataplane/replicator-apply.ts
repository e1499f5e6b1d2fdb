/**
 * The one write the replicator makes: put the new image (or delete the item) in the
 * target region, returning the old image so the caller knows whether the write changed
 * anything and which (old, new) pair its stream record will carry.
 */
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { canonicalImage, changeHash, type Image } from './replicator-state.js';

/** What a replicated write did. */
export interface AppliedChange {
  /** False when the item already had this image (no stream record will follow). */
  changed: boolean;
  /** changeHash(old image, new image) of the write. */
  hash: string;
}

/** Writes `image` (or deletes the item when null) in the target table. */
export async function applyChange(
  client: DynamoDBClient,
  table: string,
  keys: Image,
  image: Image | null,
): Promise<AppliedChange> {
  const result = image
    ? await client.send(
        new PutItemCommand({
          TableName: table,
          Item: image as Record<string, AttributeValue>,
          ReturnValues: 'ALL_OLD',
        }),
      )
    : await client.send(
        new DeleteItemCommand({
          TableName: table,
          Key: keys as Record<string, AttributeValue>,
          ReturnValues: 'ALL_OLD',
        }),
      );
  const old = (result.Attributes as Image | undefined) ?? null;
  return { changed: canonicalImage(old) !== canonicalImage(image), hash: changeHash(old, image) };
}

/** True for the error DynamoDB gives when the table is gone. */
export function isMissingTable(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ResourceNotFoundException';
}
