/**
 * PutDashboard, GetDashboard, ListDashboards and DeleteDashboards (API reference), with
 * the dashboard body checked against the main rules of "Dashboard Body Structure and
 * Syntax": a JSON object with a `widgets` array; each widget a known `type` with
 * `properties`, integer position and size; metric widgets' `metrics` arrays of strings with
 * an optional trailing options object. Dashboards are account-wide, as on AWS.
 */
import {
  dashboardInvalidInput,
  dashboardNotFound,
  type DashboardValidationMessage,
  invalidParameterValue,
} from './errors.js';
import { fingerprint, page } from './pagination.js';
import type { InputOf } from './shapes.js';
import type { CloudWatchContext } from './state.js';
import { required } from './validate.js';

const WIDGET_TYPES = ['metric', 'text', 'log', 'alarm', 'explorer', 'custom'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkInteger(
  problems: DashboardValidationMessage[],
  value: unknown,
  path: string,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value))
    problems.push({ DataPath: path, Message: 'Should be integer' });
  else if (value < min) problems.push({ DataPath: path, Message: `Should be >= ${min}` });
  else if (value > max) problems.push({ DataPath: path, Message: `Should be <= ${max}` });
}

function checkMetrics(
  problems: DashboardValidationMessage[],
  metrics: unknown,
  path: string,
): void {
  if (!Array.isArray(metrics)) {
    problems.push({ DataPath: path, Message: 'Should be array' });
    return;
  }
  metrics.forEach((entry, i) => {
    const at = `${path}/${i}`;
    if (!Array.isArray(entry)) {
      problems.push({ DataPath: at, Message: 'Should be array' });
      return;
    }
    entry.forEach((field, j) => {
      const last = j === entry.length - 1;
      if (last && isObject(field)) return;
      if (typeof field !== 'string')
        problems.push({
          DataPath: `${at}/${j}`,
          Message: "Invalid metric field type, only 'String' type is allowed",
        });
    });
    const options = entry[entry.length - 1];
    const strings = entry.filter((f) => typeof f === 'string').length;
    if (strings === 0 && !(isObject(options) && typeof options.expression === 'string'))
      problems.push({ DataPath: at, Message: 'Should NOT have fewer than 2 items' });
  });
}

/** The problems in a dashboard body (empty when valid); throws for a body that is not a JSON object. */
export function validateDashboardBody(body: string): DashboardValidationMessage[] {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw dashboardInvalidInput('The field DashboardBody must be a valid JSON object', [
      { DataPath: '', Message: (error as Error).message },
    ]);
  }
  if (!isObject(document)) {
    throw dashboardInvalidInput('The field DashboardBody must be a valid JSON object', [
      { DataPath: '', Message: 'Should be object' },
    ]);
  }
  const problems: DashboardValidationMessage[] = [];
  const widgets = document.widgets;
  if (!Array.isArray(widgets)) {
    problems.push({ DataPath: '', Message: "Should have required property 'widgets'" });
    return problems;
  }
  widgets.forEach((widget, i) => {
    const at = `/widgets/${i}`;
    if (!isObject(widget)) {
      problems.push({ DataPath: at, Message: 'Should be object' });
      return;
    }
    if (!WIDGET_TYPES.includes(String(widget.type)))
      problems.push({
        DataPath: `${at}/type`,
        Message: `Should be equal to one of the allowed values: ${WIDGET_TYPES.join(', ')}`,
      });
    checkInteger(problems, widget.x, `${at}/x`, 0, 23);
    checkInteger(problems, widget.y, `${at}/y`, 0, Number.MAX_SAFE_INTEGER);
    checkInteger(problems, widget.width, `${at}/width`, 1, 24);
    checkInteger(problems, widget.height, `${at}/height`, 1, 1000);
    const properties = widget.properties;
    if (!isObject(properties)) {
      problems.push({ DataPath: at, Message: "Should have required property 'properties'" });
      return;
    }
    if (widget.type === 'metric') {
      if (properties.metrics !== undefined || !isObject(properties.annotations))
        checkMetrics(problems, properties.metrics, `${at}/properties/metrics`);
      checkInteger(
        problems,
        properties.period,
        `${at}/properties/period`,
        1,
        Number.MAX_SAFE_INTEGER,
      );
      if (properties.region !== undefined && typeof properties.region !== 'string')
        problems.push({ DataPath: `${at}/properties/region`, Message: 'Should be string' });
    }
    if (widget.type === 'text' && typeof properties.markdown !== 'string')
      problems.push({
        DataPath: `${at}/properties`,
        Message: "Should have required property 'markdown'",
      });
    if (widget.type === 'alarm' && !Array.isArray(properties.alarms))
      problems.push({
        DataPath: `${at}/properties`,
        Message: "Should have required property 'alarms'",
      });
  });
  return problems;
}

/** PutDashboard: creates or replaces a dashboard. */
export function putDashboard(
  context: CloudWatchContext,
  input: InputOf<'PutDashboard'>,
): Record<string, unknown> {
  const name = required(input.DashboardName, 'DashboardName');
  const body = required(input.DashboardBody, 'DashboardBody');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
    throw dashboardInvalidInput(
      'The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).',
      [{ DataPath: '', Message: 'Invalid DashboardName' }],
    );
  const problems = validateDashboardBody(body);
  if (problems.length > 0) {
    const list = JSON.stringify(
      problems.map((p) => ({ dataPath: p.DataPath, message: p.Message })),
      null,
      2,
    );
    throw dashboardInvalidInput(
      `The dashboard body is invalid, there are ${problems.length} validation errors:\n${list}`,
      problems,
    );
  }
  context.dashboards.set(name, {
    name,
    arn: `arn:aws:cloudwatch::${context.accountId}:dashboard/${name}`,
    body,
    lastModifiedMs: context.clock.now(),
  });
  return { DashboardValidationMessages: [] };
}

/** GetDashboard. */
export function getDashboard(
  context: CloudWatchContext,
  input: InputOf<'GetDashboard'>,
): Record<string, unknown> {
  const name = required(input.DashboardName, 'DashboardName');
  const dashboard = context.dashboards.get(name);
  if (!dashboard) throw dashboardNotFound(`Dashboard ${name} does not exist`);
  return {
    DashboardArn: dashboard.arn,
    DashboardBody: dashboard.body,
    DashboardName: dashboard.name,
  };
}

/** ListDashboards: by name prefix, 1000 a page. */
export function listDashboards(
  context: CloudWatchContext,
  input: InputOf<'ListDashboards'>,
): Record<string, unknown> {
  const prefix = input.DashboardNamePrefix ?? '';
  const dashboards = [...context.dashboards.values()]
    .filter((d) => d.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { items, nextToken } = page(dashboards, input.NextToken, 1000, fingerprint(input));
  return {
    DashboardEntries: items.map((d) => ({
      DashboardName: d.name,
      DashboardArn: d.arn,
      LastModified: new Date(d.lastModifiedMs),
      Size: Buffer.byteLength(d.body, 'utf8'),
    })),
    NextToken: nextToken,
  };
}

/** DeleteDashboards: every named dashboard must exist (nothing is deleted otherwise). */
export function deleteDashboards(
  context: CloudWatchContext,
  input: InputOf<'DeleteDashboards'>,
): Record<string, unknown> {
  const names = input.DashboardNames ?? [];
  if (names.length === 0)
    throw invalidParameterValue(
      'The parameter DashboardNames must contain at least one dashboard name.',
    );
  const missing = names.filter((n) => !context.dashboards.has(n));
  if (missing.length > 0)
    throw dashboardNotFound(`The specified dashboard does not exist. [${missing.join(', ')}]`);
  for (const name of names) context.dashboards.delete(name);
  return {};
}
