/**
 * Consumed capacity of DynamoDB item calls, for CloudWatch's ConsumedRead/WriteCapacityUnits.
 * The lab asks DynamoDB Local for `ReturnConsumedCapacity: TOTAL` on every item call, reports
 * what it consumed, and removes the figures from the answer when the client did not ask
 * for them (recomputing the `x-amz-crc32` checksum the SDKs verify).
 */
import { crc32 } from 'node:zlib';
import type { BufferedResponse } from './forward.js';

/** Capacity one call consumed in a region. */
export interface ConsumedCapacitySample {
  region: string;
  tableName: string;
  read: number;
  write: number;
}

const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

interface CapacityEntry {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** The request body to send: the client's, with `ReturnConsumedCapacity: TOTAL` unless it asked itself. */
export function withCapacityRequested(input: Record<string, unknown>): {
  body: Buffer;
  asked: boolean;
} {
  const asked =
    input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE';
  const body = asked ? input : { ...input, ReturnConsumedCapacity: 'TOTAL' };
  return { body: Buffer.from(JSON.stringify(body), 'utf8'), asked };
}

/** Whether a call of `operation` (with this input) reads or writes. */
function isWrite(operation: string, input: Record<string, unknown>): boolean {
  if (WRITES.has(operation)) return true;
  if (operation === 'ExecuteStatement') return !/^\s*select\b/i.test(String(input.Statement ?? ''));
  return false;
}

/** The samples an answer reports; strips them from the answer when the client did not ask. */
export function takeConsumedCapacity(
  response: BufferedResponse,
  operation: string,
  input: Record<string, unknown>,
  region: string,
  asked: boolean,
): { response: BufferedResponse; samples: ConsumedCapacitySample[] } {
  if (response.status !== 200) return { response, samples: [] };
  const document = JSON.parse(response.body.toString('utf8')) as {
    ConsumedCapacity?: CapacityEntry | CapacityEntry[];
  };
  const entries = [document.ConsumedCapacity ?? []].flat();
  const write = isWrite(operation, input);
  const samples = entries.map((e) => ({
    region,
    tableName: e.TableName ?? '',
    read: e.ReadCapacityUnits ?? (write ? 0 : (e.CapacityUnits ?? 0)),
    write: e.WriteCapacityUnits ?? (write ? (e.CapacityUnits ?? 0) : 0),
  }));
  if (asked || document.ConsumedCapacity === undefined) return { response, samples };
  delete document.ConsumedCapacity;
  const body = Buffer.from(JSON.stringify(document), 'utf8');
  const headers = {
    ...response.headers,
    'content-length': String(body.length),
    'x-amz-crc32': String(crc32(body)),
  };
  return { response: { ...response, headers, body }, samples };
}
