// X-Ray filter expressions: the parser (valid expressions → syntax tree; invalid ones → the
// exact error with its position) and the evaluator over hand-made traces.
import { describe, expect, it } from 'vitest';
import type { SegmentDocument } from '../../src/lab/services/xray/engine/segments.js';
import { buildTraceView, type TraceView } from '../../src/lab/services/xray/engine/trace.js';
import { matchesFilter } from '../../src/lab/services/xray/filter/evaluate.js';
import { parseFilterExpression } from '../../src/lab/services/xray/filter/parser.js';

const LIKE_POST = 'service("Like Service") AND http.method = "POST"';
const LIKE_ERRORS = 'service("Like Service") { error = true OR fault = true }';

describe('parseFilterExpression: valid expressions', () => {
  it.each([
    [
      LIKE_POST,
      {
        kind: 'and',
        left: { kind: 'service', service: { name: 'Like Service' } },
        right: { kind: 'string', keyword: 'http.method', operator: '=', value: 'POST' },
      },
    ],
    [
      LIKE_ERRORS,
      {
        kind: 'service',
        service: { name: 'Like Service' },
        filter: {
          kind: 'or',
          left: { kind: 'boolean', keyword: 'error', expected: true },
          right: { kind: 'boolean', keyword: 'fault', expected: true },
        },
      },
    ],
    [
      'responseTime >= 0.5',
      { kind: 'number', keyword: 'responsetime', operator: '>=', value: 0.5 },
    ],
    ['ok = false', { kind: 'boolean', keyword: 'ok', expected: false }],
    ['fault != false', { kind: 'boolean', keyword: 'fault', expected: true }],
    [
      '!throttle',
      { kind: 'not', operand: { kind: 'boolean', keyword: 'throttle', expected: true } },
    ],
    [
      'NOT (error or fault)',
      {
        kind: 'not',
        operand: {
          kind: 'or',
          left: { kind: 'boolean', keyword: 'error', expected: true },
          right: { kind: 'boolean', keyword: 'fault', expected: true },
        },
      },
    ],
    [
      'http.url contains "/like"',
      { kind: 'string', keyword: 'http.url', operator: 'contains', value: '/like' },
    ],
    ['http.url', { kind: 'string', keyword: 'http.url', operator: 'set', value: '' }],
    ['service()', { kind: 'service' }],
    [
      'service(id(type: "AWS::DynamoDB::Table"))',
      { kind: 'service', service: { type: 'AWS::DynamoDB::Table' } },
    ],
    [
      'edge("Like Service", "MysfitsTable") { error }',
      {
        kind: 'edge',
        source: { name: 'Like Service' },
        destination: { name: 'MysfitsTable' },
        filter: { kind: 'boolean', keyword: 'error', expected: true },
      },
    ],
    ['annotation.age > 29', { kind: 'annotation', key: 'age', operator: '>', value: 29 }],
    ['   ', undefined],
  ])('%s', (expression, ast) => {
    expect(parseFilterExpression(expression)).toEqual(ast);
  });

  it('binds NOT tighter than AND, AND tighter than OR, and reads juxtaposition as AND', () => {
    expect(parseFilterExpression('ok OR error AND !fault')).toEqual({
      kind: 'or',
      left: { kind: 'boolean', keyword: 'ok', expected: true },
      right: {
        kind: 'and',
        left: { kind: 'boolean', keyword: 'error', expected: true },
        right: { kind: 'not', operand: { kind: 'boolean', keyword: 'fault', expected: true } },
      },
    });
    expect(parseFilterExpression('ok !partial duration <3')).toEqual(
      parseFilterExpression('ok AND !partial AND duration < 3'),
    );
  });
});

describe('parseFilterExpression: invalid expressions', () => {
  it.each([
    ['responsetime > 5 AND fault =', "expected a value after '=' at position 28"],
    ['service("Like Service") AND http.method =', "expected a value after '=' at position 41"],
    ['http.method = POST', "expected a quoted string after '=', found 'POST' at position 14"],
    ['http.status >= "200"', 'expected a number after \'>=\', found "200" at position 15'],
    [
      'duration',
      "expected a comparison operator (=, !=, <, <=, >, >=) after 'duration', found the end of the expression at position 8",
    ],
    [
      'http.method < "GET"',
      "operator '<' cannot be used with string keyword 'http.method' at position 12",
    ],
    ['fault > 1', "operator '>' cannot be used with 'fault' (use = or !=) at position 6"],
    ['ok = maybe', "expected true or false after '=', found 'maybe' at position 5"],
    ['colour = "red"', "unknown keyword 'colour' at position 0"],
    ['service("Like Service"', "expected ')' to close 'service(' at position 22"],
    [
      'service("Like Service") { fault',
      "expected '}' to close the '{' of service() at position 31",
    ],
    ['(ok OR error', "expected ')' to close '(' at position 12"],
    ['ok )', "unexpected ')' at position 3"],
    ['AND ok', "expected a condition, found 'AND' at position 0"],
    ['ok OR', 'expected a condition at position 5'],
    ['http.url = "abc', 'unterminated string at position 11'],
    ['ok # 1', "unexpected character '#' at position 3"],
    [
      'service(42)',
      "expected a quoted service name or id(...) in service(), found '42' at position 8",
    ],
  ])('%s', (expression, problem) => {
    expect(() => parseFilterExpression(expression)).toThrow(
      `Invalid filter expression: ${problem}`,
    );
  });
});

// Hand-made traces: a Like service segment (status, method) with one DynamoDB subsegment.
let ids = 0;
const id = () => (++ids).toString(16).padStart(16, '0');
const TRACE = '1-66000000-000000000000000000000001';

function likeTrace(
  status: number,
  options: { method?: string; dynamoStatus?: number; seconds?: number; inProgress?: boolean } = {},
): TraceView {
  const { method = 'POST', dynamoStatus = 200, seconds = 0.05 } = options;
  const dynamo: SegmentDocument = {
    id: id(),
    name: 'DynamoDB',
    namespace: 'aws',
    start_time: 100.01,
    end_time: 100.02,
    aws: { operation: 'UpdateItem', table_name: 'MysfitsTable' },
    http: { response: { status: dynamoStatus } },
    ...(dynamoStatus >= 500 ? { fault: true } : dynamoStatus >= 400 ? { error: true } : {}),
  };
  const segment: SegmentDocument = {
    id: id(),
    trace_id: TRACE,
    name: 'Like Service',
    origin: 'AWS::ECS::Container',
    start_time: 100,
    ...(options.inProgress ? { in_progress: true } : { end_time: 100 + seconds }),
    http: {
      request: { method, url: 'http://alb/mysfits/abc/like', client_ip: '10.0.0.1' },
      response: { status },
    },
    ...(status === 429 ? { throttle: true, error: true } : {}),
    ...(status >= 500 ? { fault: true } : status >= 400 && status !== 429 ? { error: true } : {}),
    subsegments: [dynamo],
  };
  return buildTraceView(TRACE, [segment]);
}

const coreGet = buildTraceView(TRACE, [
  {
    id: id(),
    trace_id: TRACE,
    name: 'Mysfits Service',
    origin: 'AWS::ECS::Container',
    start_time: 50,
    end_time: 50.2,
    user: 'alice',
    annotations: { region: 'us-west-2', attempt: 2 },
    http: { request: { method: 'GET', url: 'http://alb/mysfits' }, response: { status: 200 } },
  },
]);

const traces: Record<string, TraceView> = {
  likeOk: likeTrace(200),
  like404: likeTrace(404),
  like500: likeTrace(500),
  like429: likeTrace(429),
  likeGet: likeTrace(200, { method: 'GET' }),
  likeSlow: likeTrace(200, { seconds: 3 }),
  dynamoFault: likeTrace(200, { dynamoStatus: 500 }),
  partial: likeTrace(200, { inProgress: true }),
  coreGet,
};

describe('matchesFilter', () => {
  it.each([
    [LIKE_POST, ['likeOk', 'like404', 'like500', 'like429', 'likeSlow', 'dynamoFault', 'partial']],
    [LIKE_ERRORS, ['like404', 'like500', 'like429']],
    ['error', ['like404', 'like429']],
    ['fault = true', ['like500']],
    ['throttle', ['like429']],
    ['ok', ['likeOk', 'likeGet', 'likeSlow', 'dynamoFault', 'partial', 'coreGet']],
    ['!ok AND http.status != 429', ['like404', 'like500']],
    ['http.status >= 400 AND http.status < 500', ['like404', 'like429']],
    ['responsetime > 1', ['likeSlow']],
    [
      'duration <= 0.05 AND service("Like Service")',
      ['likeOk', 'like404', 'like500', 'like429', 'likeGet', 'dynamoFault', 'partial'],
    ],
    ['http.method = "GET"', ['likeGet', 'coreGet']],
    ['http.method = "get"', []],
    [
      'http.url ENDSWITH "/like" AND http.url BEGINSWITH "http://alb/"',
      ['likeOk', 'like404', 'like500', 'like429', 'likeGet', 'likeSlow', 'dynamoFault', 'partial'],
    ],
    ['http.url CONTAINS "mysfits" AND !service("Like Service")', ['coreGet']],
    ['service("MysfitsTable") { fault }', ['dynamoFault']],
    [
      'service(id(type: "AWS::DynamoDB::Table"))',
      ['likeOk', 'like404', 'like500', 'like429', 'likeGet', 'likeSlow', 'dynamoFault', 'partial'],
    ],
    ['edge("Like Service", "MysfitsTable") { fault }', ['dynamoFault']],
    ['service() { fault }', ['like500', 'dynamoFault']],
    ['partial', ['partial']],
    ['user = "alice" AND annotation.attempt >= 2 AND annotation.region = "us-west-2"', ['coreGet']],
    ['service("like service")', []],
  ])('%s', (expression, expected) => {
    const filter = parseFilterExpression(expression);
    const matched = Object.entries(traces)
      .filter(([, trace]) => matchesFilter(filter, trace))
      .map(([name]) => name);
    expect(matched).toEqual(expected);
  });
});
