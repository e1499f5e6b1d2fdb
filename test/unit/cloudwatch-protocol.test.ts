// CloudWatch's three wire protocols at the codec level: the same input decoded from JSON,
// CBOR and Query; outputs (timestamps, maps) and errors (query-compatible codes, shapes,
// statuses) encoded as each protocol's clients expect.
import { cbor, dateToTag } from '@smithy/core/cbor';
import { describe, expect, it } from 'vitest';
import type { LabRequest } from '../../src/lab/protocol/lab-request.js';
import {
  dashboardNotFound,
  invalidParameterValue,
} from '../../src/lab/services/cloudwatch/errors.js';
import { decodeInput } from '../../src/lab/services/cloudwatch/shapes.js';
import {
  encodeError,
  encodeOutput,
  readWireCall,
  WireMap,
} from '../../src/lab/services/cloudwatch/wire.js';

function request(kind: 'json' | 'cbor' | 'query', operation: string, body: Buffer): LabRequest {
  const headers: Record<string, string> =
    kind === 'json'
      ? {
          'x-amz-target': `GraniteServiceVersion20100801.${operation}`,
          'content-type': 'application/x-amz-json-1.0',
        }
      : kind === 'cbor'
        ? { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' }
        : { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const path =
    kind === 'cbor' ? `/service/GraniteServiceVersion20100801/operation/${operation}` : '/';
  return {
    method: 'POST',
    url: new URL(path, 'http://127.0.0.1'),
    headers,
    body,
    requestId: 'req-1',
  };
}

const WHEN = Date.UTC(2026, 10, 28, 12, 0, 0);
const expected = {
  Namespace: 'App',
  MetricData: [
    {
      MetricName: 'Latency',
      Dimensions: [{ Name: 'Service', Value: 'like' }],
      Timestamp: WHEN,
      Values: [1.5, 2],
      Counts: [3, 1],
      StorageResolution: 1,
    },
  ],
};

describe('decoding PutMetricData from each protocol', () => {
  it('JSON (SDK v3, boto3): epoch-second timestamps', () => {
    const body = JSON.stringify({
      ...expected,
      MetricData: [{ ...expected.MetricData[0], Timestamp: WHEN / 1000 }],
    });
    const call = readWireCall(request('json', 'PutMetricData', Buffer.from(body)));
    expect(call).toMatchObject({ format: 'json', operation: 'PutMetricData' });
    expect(decodeInput('PutMetricData', call.raw, call.format)).toEqual(expected);
  });

  it('CBOR (botocore rpc-v2-cbor): tag-1 timestamps', () => {
    const value = {
      ...expected,
      MetricData: [{ ...expected.MetricData[0], Timestamp: dateToTag(new Date(WHEN)) }],
    };
    const call = readWireCall(request('cbor', 'PutMetricData', Buffer.from(cbor.serialize(value))));
    expect(call).toMatchObject({ format: 'cbor', operation: 'PutMetricData' });
    expect(decodeInput('PutMetricData', call.raw, call.format)).toEqual(expected);
  });

  it('Query (AWS CLI): member lists and ISO 8601 timestamps', () => {
    const form = new URLSearchParams({
      Action: 'PutMetricData',
      Version: '2010-08-01',
      Namespace: 'App',
      'MetricData.member.1.MetricName': 'Latency',
      'MetricData.member.1.Dimensions.member.1.Name': 'Service',
      'MetricData.member.1.Dimensions.member.1.Value': 'like',
      'MetricData.member.1.Timestamp': '2026-11-28T12:00:00Z',
      'MetricData.member.1.Values.member.1': '1.5',
      'MetricData.member.1.Values.member.2': '2',
      'MetricData.member.1.Counts.member.1': '3',
      'MetricData.member.1.Counts.member.2': '1',
      'MetricData.member.1.StorageResolution': '1',
    });
    const call = readWireCall(request('query', '', Buffer.from(form.toString())));
    expect(call).toMatchObject({ format: 'query', operation: 'PutMetricData' });
    expect(decodeInput('PutMetricData', call.raw, call.format)).toEqual(expected);
  });

  it('refuses a wrongly typed member', () => {
    const call = readWireCall(request('json', 'PutMetricData', Buffer.from('{"Namespace": 5}')));
    expect(() => decodeInput('PutMetricData', call.raw, call.format)).toThrow(
      /Namespace must be a string/,
    );
  });
});

describe('encoding outputs', () => {
  const output = {
    Label: 'Latency',
    Datapoints: [
      { Timestamp: new Date(WHEN), Sum: 3, ExtendedStatistics: new WireMap({ p99: 2 }) },
    ],
  };

  it('JSON: epoch seconds and plain maps', () => {
    const call = readWireCall(request('json', 'GetMetricStatistics', Buffer.from('{}')));
    const response = encodeOutput(call, output, 'req-1');
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(String(response.body))).toEqual({
      Label: 'Latency',
      Datapoints: [{ Timestamp: WHEN / 1000, Sum: 3, ExtendedStatistics: { p99: 2 } }],
    });
  });

  it('CBOR: tag-1 timestamps and the smithy-protocol header', () => {
    const call = readWireCall(request('cbor', 'GetMetricStatistics', Buffer.alloc(0)));
    const response = encodeOutput(call, output, 'req-1');
    expect(response.headers).toMatchObject({
      'content-type': 'application/cbor',
      'smithy-protocol': 'rpc-v2-cbor',
    });
    const decoded = cbor.deserialize(response.body as Buffer);
    expect(decoded.Datapoints[0].Timestamp).toMatchObject({ tag: 1, value: WHEN / 1000 });
    expect(decoded.Datapoints[0].ExtendedStatistics).toEqual({ p99: 2 });
  });

  it('Query: XML with the 2010-08-01 namespace, member lists and entry maps', () => {
    const call = readWireCall(
      request('query', '', Buffer.from('Action=GetMetricStatistics&Version=2010-08-01')),
    );
    const xml = String(encodeOutput(call, output, 'req-1').body);
    expect(xml).toContain(
      '<GetMetricStatisticsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">',
    );
    expect(xml).toContain(
      '<Datapoints><member><Timestamp>2026-11-28T12:00:00.000Z</Timestamp><Sum>3</Sum>',
    );
    expect(xml).toContain(
      '<ExtendedStatistics><entry><key>p99</key><value>2</value></entry></ExtendedStatistics>',
    );
    expect(xml).toContain('<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>');
    const empty = String(
      encodeOutput({ ...call, operation: 'PutMetricData' }, undefined, 'req-1').body,
    );
    expect(empty).not.toContain('PutMetricDataResult');
  });
});

describe('encoding errors', () => {
  const error = invalidParameterValue('The value AWS/X for parameter Namespace is invalid.');

  it('JSON: __type is the shape, x-amzn-query-error the Query code', () => {
    const response = encodeError(error, request('json', 'PutMetricData', Buffer.from('{}')));
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-query-error']).toBe('InvalidParameterValue;Sender');
    expect(JSON.parse(String(response.body))).toEqual({
      __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
      message: 'The value AWS/X for parameter Namespace is invalid.',
    });
  });

  it('CBOR: the same, as a CBOR map; 404 for a missing dashboard', () => {
    const response = encodeError(
      dashboardNotFound('Dashboard x does not exist'),
      request('cbor', 'GetDashboard', Buffer.alloc(0)),
    );
    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-query-error']).toBe('ResourceNotFound;Sender');
    expect(cbor.deserialize(response.body as Buffer)).toEqual({
      __type: 'com.amazonaws.cloudwatch#DashboardNotFoundError',
      message: 'Dashboard x does not exist',
    });
  });

  it('Query: <ErrorResponse> with the Query code', () => {
    const xml = String(
      encodeError(error, request('query', '', Buffer.from('Action=PutMetricData'))).body,
    );
    expect(xml).toContain('<Type>Sender</Type><Code>InvalidParameterValue</Code>');
  });
});
