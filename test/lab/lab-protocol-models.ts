/**
 * AWS's own API models (botocore's data/<service>/<version>/service-2.json.gz, the models the
 * AWS SDK for Python ships) and a checker of a raw answer against an operation's output
 * shape: every member must exist in the model with the right type (recursively), required
 * members must be present. JSON answers (awsJson, restJson) and Query XML answers (ELBv2)
 * are checked; a capturing request handler gives the SDK clients' raw answer bodies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/core/protocols';

interface ModelShape {
  type: string;
  members?: Record<string, { shape: string; locationName?: string; location?: string }>;
  required?: string[];
  member?: { shape: string; locationName?: string };
  value?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
}

/** An API model: operations and shapes. */
export interface ApiModel {
  operations: Record<
    string,
    { input?: { shape: string }; output?: { shape: string; resultWrapper?: string } }
  >;
  shapes: Record<string, ModelShape>;
}

/** Where botocore keeps its models, or a sentence saying why there are none. */
export function botocoreData(): { dir: string } | { missing: string } {
  const found = spawnSync(
    'python3',
    ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'],
    { encoding: 'utf8' },
  );
  const dir = found.status === 0 ? join(found.stdout.trim(), 'data') : '';
  if (dir && existsSync(dir)) return { dir };
  return {
    missing:
      'botocore (the AWS SDK for Python, whose API models this test reads) is not installed: ' +
      '`python3 -c "import botocore"` failed. Install it with `pip install botocore`.',
  };
}

/** The model of a service (e.g. `ecs`, `2014-11-13`). */
export function loadModel(dataDir: string, service: string, version: string): ApiModel {
  const base = join(dataDir, service, version, 'service-2.json');
  const text = existsSync(base)
    ? readFileSync(base, 'utf8')
    : gunzipSync(readFileSync(`${base}.gz`)).toString('utf8');
  return JSON.parse(text) as ApiModel;
}

/** What a checker found wrong, one sentence each. */
export type Problems = string[];

/** Model types of whole numbers, and of fractions. */
export const INTEGER = new Set(['integer', 'long', 'short', 'byte']);
export const FLOAT = new Set(['double', 'float']);

function checkEnum(shape: ModelShape, value: string, path: string, out: Problems): void {
  if (shape.enum && !shape.enum.includes(value))
    out.push(`${path}: '${value}' is not one of ${shape.enum.join(', ')}`);
}

function jsonLeaf(shape: ModelShape, value: unknown, path: string, out: Problems): void {
  const bad = (expected: string): void => {
    out.push(`${path}: expected ${expected}, got ${JSON.stringify(value)}`);
  };
  if (shape.type === 'string') {
    if (typeof value !== 'string') return bad('a string');
    checkEnum(shape, value, path, out);
  } else if (INTEGER.has(shape.type)) {
    if (typeof value !== 'number' || !Number.isInteger(value)) bad('an integer');
  } else if (FLOAT.has(shape.type)) {
    if (typeof value !== 'number') bad('a number');
  } else if (shape.type === 'boolean') {
    if (typeof value !== 'boolean') bad('a boolean');
  } else if (shape.type === 'timestamp') {
    if (typeof value !== 'number' && Number.isNaN(Date.parse(String(value)))) bad('a timestamp');
  } else if (shape.type === 'blob') {
    if (typeof value !== 'string') bad('a base64 string');
  } else out.push(`${path}: unexpected model type ${shape.type}`);
}

/** Checks a JSON value against a model shape; returns the problems found. */
export function checkJson(model: ApiModel, shapeName: string, value: unknown, path = ''): Problems {
  const out: Problems = [];
  const shape = model.shapes[shapeName]!;
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (shape.type === 'structure') {
    if (!isObject) return [`${path || 'output'}: expected a structure`];
    const record = value as Record<string, unknown>;
    const members = Object.entries(shape.members ?? {}).filter(([, m]) => !m.location);
    for (const key of Object.keys(record)) {
      const member = members.find(([name]) => name === key);
      if (!member) out.push(`${path}${path ? '.' : ''}${key}: not a member of ${shapeName}`);
      else if (record[key] !== null)
        out.push(
          ...checkJson(model, member[1].shape, record[key], `${path}${path ? '.' : ''}${key}`),
        );
    }
    for (const name of shape.required ?? [])
      if (record[name] === undefined && members.some(([m]) => m === name))
        out.push(`${path}${path ? '.' : ''}${name}: required by ${shapeName}, missing`);
  } else if (shape.type === 'list') {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    value.forEach((item, i) =>
      out.push(...checkJson(model, shape.member!.shape, item, `${path}[${i}]`)),
    );
  } else if (shape.type === 'map') {
    if (!isObject) return [`${path}: expected a map`];
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      out.push(...checkJson(model, shape.value!.shape, item, `${path}.${key}`));
  } else jsonLeaf(shape, value, path, out);
  return out;
}

/** An XML element: its name, child elements and text. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

/** Parses the simple XML AWS Query answers are (elements and text, no CDATA or comments). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack = [root];
  const unescape = (s: string) =>
    s
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&');
  for (const [, close, name, selfClose, text] of xml
    .replace(/<\?xml[^>]*\?>/, '')
    .matchAll(/<(\/?)([\w:.-]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const top = stack[stack.length - 1]!;
    if (text !== undefined) top.text += unescape(text);
    else if (close) stack.pop();
    else {
      const element: XmlElement = { name: name!, children: [], text: '' };
      top.children.push(element);
      if (!selfClose) stack.push(element);
    }
  }
  return root.children[0]!;
}

function xmlLeaf(shape: ModelShape, text: string, path: string, out: Problems): void {
  const bad = (expected: string): void => {
    out.push(`${path}: expected ${expected}, got '${text}'`);
  };
  if (shape.type === 'string') checkEnum(shape, text, path, out);
  else if (INTEGER.has(shape.type)) {
    if (!/^-?\d+$/.test(text)) bad('an integer');
  } else if (FLOAT.has(shape.type)) {
    if (Number.isNaN(Number(text))) bad('a number');
  } else if (shape.type === 'boolean') {
    if (text !== 'true' && text !== 'false') bad('a boolean');
  } else if (shape.type === 'timestamp') {
    if (Number.isNaN(Date.parse(text))) bad('an ISO 8601 timestamp');
  }
}

/** Checks a Query XML element against a model shape; returns the problems found. */
export function checkXml(
  model: ApiModel,
  shapeName: string,
  element: XmlElement,
  path: string,
): Problems {
  const out: Problems = [];
  const shape = model.shapes[shapeName]!;
  if (shape.type === 'structure') {
    const members = Object.entries(shape.members ?? {}).map(
      ([name, m]) => [m.locationName ?? name, m.shape] as const,
    );
    for (const child of element.children) {
      const member = members.find(([name]) => name === child.name);
      if (!member) out.push(`${path}.${child.name}: not a member of ${shapeName}`);
      else out.push(...checkXml(model, member[1], child, `${path}.${child.name}`));
    }
    for (const name of shape.required ?? []) {
      const wire = shape.members?.[name]?.locationName ?? name;
      if (!element.children.some((c) => c.name === wire))
        out.push(`${path}.${wire}: required by ${shapeName}, missing`);
    }
  } else if (shape.type === 'list') {
    const itemName = shape.member!.locationName ?? 'member';
    element.children.forEach((child, i) => {
      if (child.name !== itemName) out.push(`${path}.${child.name}: expected <${itemName}>`);
      else out.push(...checkXml(model, shape.member!.shape, child, `${path}[${i}]`));
    });
  } else if (shape.type === 'map') {
    for (const entry of element.children) {
      const value = entry.children.find((c) => c.name === 'value');
      if (entry.name !== 'entry' || !value) out.push(`${path}: expected <entry><key/><value/>`);
      else out.push(...checkXml(model, shape.value!.shape, value, `${path}.entry`));
    }
  } else xmlLeaf(shape, element.text, path, out);
  return out;
}

/** A request handler that keeps the raw body of the last answer (and hands the SDK a copy). */
export class CapturingHandler extends NodeHttpHandler {
  /** The body of the last answer. */
  last = '';
  override async handle(
    request: HttpRequest,
    options?: Parameters<NodeHttpHandler['handle']>[1],
  ): Promise<{ response: HttpResponse }> {
    const answer = await super.handle(request, options);
    const chunks: Buffer[] = [];
    for await (const chunk of answer.response.body as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    this.last = body.toString('utf8');
    answer.response.body = Readable.from([body]);
    return answer;
  }
}
