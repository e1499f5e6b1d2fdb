/**
 * ModifyTargetGroup: changes a target group's health-check settings, validated as AWS does
 * (ranges of the service model with the "1 validation error detected" wording, the timeout
 * below the interval, the matcher's codes) and applied all at once; health checks use them
 * from their next run. Health checks of `ip` target groups cannot be disabled
 * (InvalidConfigurationRequest), as on AWS.
 */
import type { HealthCheckSettings } from '../../dataplane/alb-target-group.js';
import { constraintMessage, validationError, type XmlValue } from '../../protocol/query-xml.js';
import { invalidConfiguration } from './errors.js';
import type { ElbInput } from './input.js';
import type { ElbRegion } from './model.js';
import { targetGroupShape } from './serialize.js';
import { requireTargetGroup } from './targets.js';

type Input = ElbInput<'ModifyTargetGroup'>;

/** Validates a Matcher.HttpCode for an ALB: codes 200–499, as a list (`200,202`) or range (`200-299`). */
export function checkHttpCode(code: string): void {
  if (code.trim() === '') throw validationError('Health check matcher HTTP code cannot be empty');
  const valid = code.split(',').every((part) => {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(part.trim());
    if (!match) return false;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    return low >= 200 && high <= 499 && low <= high;
  });
  if (!valid) {
    throw validationError(
      `Health check matcher HTTP code '${code}' is not valid: for an Application Load Balancer use codes from 200 to 499, as a list ("200,202") or a range ("200-299")`,
    );
  }
}

function checkPort(port: string): void {
  if (port === 'traffic-port') return;
  const number = /^\d+$/.test(port) ? Number(port) : NaN;
  if (!(number >= 1 && number <= 65535)) {
    throw validationError(
      `Health check port '${port}' is not valid: use 'traffic-port' or a port from 1 to 65535`,
    );
  }
}

function readChanges(input: Input): Partial<HealthCheckSettings> {
  const changes: Partial<HealthCheckSettings> = {};
  const protocol = input.HealthCheckProtocol;
  if (protocol !== undefined) {
    if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
      throw validationError(
        `Health check protocol '${protocol}' is not supported for target groups with the HTTP protocol`,
      );
    }
    changes.protocol = protocol;
  }
  const port = input.HealthCheckPort;
  if (port !== undefined) {
    checkPort(port);
    changes.port = port;
  }
  const path = input.HealthCheckPath;
  if (path !== undefined) {
    if (path.length < 1 || path.length > 1024) {
      throw validationError(
        constraintMessage(
          path,
          'healthCheckPath',
          path.length < 1
            ? 'have length greater than or equal to 1'
            : 'have length less than or equal to 1024',
        ),
      );
    }
    if (!path.startsWith('/'))
      throw validationError(`Health check path '${path}' must begin with a '/' character`);
    changes.path = path;
  }
  // The decoder has checked each number's range (the service model's).
  const numbers = {
    intervalSeconds: input.HealthCheckIntervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds,
    healthyThreshold: input.HealthyThresholdCount,
    unhealthyThreshold: input.UnhealthyThresholdCount,
  } as const;
  for (const [field, value] of Object.entries(numbers) as [keyof typeof numbers, number?][])
    if (value !== undefined) changes[field] = value;
  if (input.HealthCheckEnabled !== undefined) changes.enabled = input.HealthCheckEnabled;
  const matcher = input.Matcher;
  if (matcher !== undefined) {
    if (matcher.GrpcCode !== undefined) {
      throw validationError(
        'A gRPC matcher code can only be used with target groups whose protocol version is GRPC',
      );
    }
    const code = matcher.HttpCode ?? '';
    checkHttpCode(code);
    changes.httpCode = code.trim();
  }
  return changes;
}

/** ModifyTargetGroup: answers with the target group as it now is. */
export function modifyTargetGroup(state: ElbRegion, input: Input): { [key: string]: XmlValue } {
  const group = requireTargetGroup(state, input);
  const changes = readChanges(input);
  const next = { ...group.config.healthCheck, ...changes };
  if (next.timeoutSeconds >= next.intervalSeconds)
    throw validationError('Health check interval must be greater than the timeout.');
  if (!next.enabled && group.config.targetType === 'ip') {
    throw invalidConfiguration(
      `Health check enabled must be true with groups with target type "${group.config.targetType}"`,
    );
  }
  group.config.healthCheck = next;
  return { TargetGroups: [targetGroupShape(group)] };
}
