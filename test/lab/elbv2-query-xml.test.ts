// The Query protocol codec on its own (ELBv2 uses it; CloudWatch's Query flavour will):
// nested lists, structures and maps in, XML results and errors out.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/lab/protocol/aws-error.js';
import type { LabRequest } from '../../src/lab/protocol/lab-request.js';
import {
  parseQueryRequest,
  queryBoolean,
  queryInteger,
  queryList,
  queryMap,
  queryString,
  queryStringList,
  queryStruct,
  queryXmlError,
  queryXmlResult,
} from '../../src/lab/protocol/query-xml.js';

function form(body: string, method = 'POST'): LabRequest {
  return {
    method,
    url: new URL(method === 'GET' ? `/?${body}` : '/', 'http://127.0.0.1'),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(method === 'GET' ? '' : body),
    requestId: 'req-1',
  };
}

describe('parseQueryRequest', () => {
  it('reads lists of structures with nested lists in index order, maps and scalars', () => {
    const { action, version, params } = parseQueryRequest(
      form(
        'Action=PutMetricData&Version=2010-08-01&Namespace=AWS%2FApplicationELB' +
          '&MetricData.member.2.MetricName=B&MetricData.member.1.MetricName=A' +
          '&MetricData.member.1.Dimensions.member.1.Name=LoadBalancer' +
          '&MetricData.member.1.Dimensions.member.1.Value=app%2Fmysfits-alb%2F1' +
          '&MetricData.member.10.MetricName=J&Tags.entry.1.key=k&Tags.entry.1.value=v' +
          '&Empty=&Flag=true&Count=7',
      ),
    );
    expect(action).toBe('PutMetricData');
    expect(version).toBe('2010-08-01');
    expect(queryString(params, 'Namespace')).toBe('AWS/ApplicationELB');
    const metrics = queryList(params, 'MetricData')!;
    expect(metrics.map((m) => queryString(m, 'MetricName'))).toEqual(['A', 'B', 'J']);
    const dims = queryList(metrics[0], 'Dimensions')!;
    expect(dims.map((d) => [queryString(d, 'Name'), queryString(d, 'Value')])).toEqual([
      ['LoadBalancer', 'app/mysfits-alb/1'],
    ]);
    expect(queryMap(params, 'Tags')).toEqual({ k: 'v' });
    expect(queryStringList(params, 'Empty')).toEqual([]);
    expect(queryList(params, 'Missing')).toBeUndefined();
    expect(queryBoolean(params, 'Flag', 'flag')).toBe(true);
    expect(queryInteger(params, 'Count', 'count')).toBe(7);
    expect(queryStruct(params, 'Count')).toBeUndefined();
    expect(() => queryInteger(params, 'Namespace', 'namespace')).toThrow(/must be an integer/);
  });

  it('reads a GET query string too', () => {
    const { action, params } = parseQueryRequest(form('Action=DescribeRules&ListenerArn=x', 'GET'));
    expect(action).toBe('DescribeRules');
    expect(queryString(params, 'ListenerArn')).toBe('x');
  });
});

describe('XML answers', () => {
  it('wraps results with the namespace and request id, members and escaped text', () => {
    const response = queryXmlResult(
      'DescribeThings',
      { Things: [{ Name: 'a<b', When: new Date(0), On: true, Skipped: undefined }], Next: 2 },
      'req-1',
      'http://example.com/doc/1/',
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml');
    expect((response.body as Buffer).toString()).toContain(
      '<DescribeThingsResponse xmlns="http://example.com/doc/1/"><DescribeThingsResult>' +
        '<Things><member><Name>a&lt;b</Name><When>1970-01-01T00:00:00.000Z</When><On>true</On></member></Things>' +
        '<Next>2</Next></DescribeThingsResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>' +
        '</DescribeThingsResponse>',
    );
  });

  it('writes errors as ErrorResponse with Sender for 4xx and Receiver for 5xx', () => {
    const client = queryXmlError(new AwsError('ValidationError', "bad 'x'"), 'req-2');
    expect(client.status).toBe(400);
    expect(client.headers['x-amzn-errortype']).toBe('ValidationError');
    expect((client.body as Buffer).toString()).toContain(
      '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>bad &apos;x&apos;</Message></Error><RequestId>req-2</RequestId></ErrorResponse>',
    );
    const server = queryXmlError(new AwsError('InternalFailure', 'oops', { status: 500 }), 'r');
    expect((server.body as Buffer).toString()).toContain('<Type>Receiver</Type>');
  });
});
