/**
 * A DynamoDB Streams record as the replicator uses it, and the conversion from the JSON
 * DynamoDB Local answers (GetRecords over JSON 1.0) to the shapes the AWS SDK gives and
 * takes: binary values (`B`, `BS`, also inside `M` and `L`) arrive base64-encoded and
 * become bytes, so an image read from the stream can be written with the SDK's PutItem
 * unchanged. Everything else (`S`, `N` as a string, `SS`, `NS`, `BOOL`, `NULL`) is kept.
 */
import type { Image } from './replicator-state.js';

/** The parts of a stream record (DynamoDB Streams `Record`) the replicator reads. */
export interface StreamRecord {
  /** INSERT, MODIFY or REMOVE. */
  eventName?: string;
  dynamodb?: {
    Keys?: Image;
    NewImage?: Image;
    OldImage?: Image;
    SequenceNumber?: string;
  };
}

const bytes = (base64: unknown): Uint8Array =>
  new Uint8Array(Buffer.from(String(base64), 'base64'));

/** One AttributeValue from its JSON form to the SDK's (binary as bytes). */
function attributeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ('B' in v) return { B: bytes(v.B) };
  if ('BS' in v && Array.isArray(v.BS)) return { BS: v.BS.map(bytes) };
  if ('M' in v && v.M && typeof v.M === 'object') return { M: image(v.M as Image) };
  if ('L' in v && Array.isArray(v.L)) return { L: v.L.map(attributeValue) };
  return v;
}

function image(json: Image): Image {
  return Object.fromEntries(Object.entries(json).map(([name, v]) => [name, attributeValue(v)]));
}

/** A record of a GetRecords answer, with its images in the SDK's shapes. */
export function streamRecordFromJson(json: unknown): StreamRecord {
  const record = (json ?? {}) as StreamRecord;
  const data = record.dynamodb;
  if (!data) return record;
  return {
    ...record,
    dynamodb: {
      ...data,
      ...(data.Keys ? { Keys: image(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: image(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: image(data.OldImage) } : {}),
    },
  };
}
