/**
 * AWS REST-JSON calls without a generated SDK client, made of the parts the SDK v3 clients
 * are made of: the credential chain of @aws-sdk/credential-provider-node (with `--profile`),
 * SigV4 from @smithy/signature-v4, the clients' HTTP handler and timeouts (clients.ts), the
 * standard retry strategy and retry middleware of @smithy/core (same attempts, backoff,
 * retry quota and error classification), and AWS's REST-JSON error shape read as the SDK
 * reads it (code from `x-amzn-ErrorType`, then `code`, then `__type`; message from
 * `message`/`Message`), thrown as a ServiceException named after the code, with `$metadata`.
 * Used for services whose client the project does not depend on (AWS FIS).
 */
import { partition } from '@aws-sdk/core/client';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { ServiceException } from '@smithy/core/client';
import {
  extendedEncodeURIComponent,
  HttpRequest,
  type HttpResponse,
  loadRestJsonErrorCode,
} from '@smithy/core/protocols';
import { resolveRetryConfig, retryMiddleware } from '@smithy/core/retry';
import { Hash, streamCollector, toUtf8 } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CommonClientConfig } from './clients.js';

/** One operation of a REST-JSON service: its IAM/signing service name, name and HTTP method. */
export interface RestJsonOperation {
  /** Signing name, which is also the IAM prefix of the services using this file (`fis`). */
  readonly service: string;
  /** Operation name, as in the service's model and IAM (`StartExperiment`). */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
}

/** Declares an operation (tests read these calls to know which IAM actions are needed). */
export function restJsonOperation(
  service: string,
  name: string,
  method: RestJsonOperation['method'],
): RestJsonOperation {
  return { service, name, method };
}

/** Calls one REST-JSON service in one region; `destroy()` closes its connections. */
export interface RestJsonCaller {
  /**
   * Sends `operation` to `path` (built with `restJsonPath`) with `body` as its JSON payload
   * (none when undefined); answers the parsed JSON output, or throws the service's error.
   */
  call(operation: RestJsonOperation, path: string, body?: object): Promise<unknown>;
  destroy(): void;
}

/** A request path from a template and its labels, each label URI-encoded as the SDK does. */
export function restJsonPath(template: string, labels: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = labels[name];
    if (!value) throw new Error(`No value for the path label {${name}} of ${template}`);
    return extendedEncodeURIComponent(value);
  });
}

interface CallOutput {
  $metadata: { httpStatusCode?: number; requestId?: string };
  body: unknown;
}

function metadataOf(response: HttpResponse) {
  const h = response.headers;
  return {
    httpStatusCode: response.statusCode,
    requestId: h['x-amzn-requestid'] ?? h['x-amzn-request-id'] ?? h['x-amz-request-id'],
    extendedRequestId: h['x-amz-id-2'],
    cfId: h['x-amz-cf-id'],
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The error of a non-2xx answer, as the SDK's REST-JSON protocol builds it. */
function serviceError(response: HttpResponse, text: string): ServiceException {
  const data = parseJson(text);
  const error = new ServiceException({
    name: loadRestJsonErrorCode(response, data) ?? 'Unknown',
    $fault: response.statusCode >= 500 ? 'server' : 'client',
    $metadata: metadataOf(response),
    message: String(data.message ?? data.Message ?? 'UnknownError'),
  });
  error.$response = response;
  return error;
}

/**
 * A caller for the service `service` (signing name and endpoint prefix) with a client's
 * configuration (`clientConfig` of clients.ts): its region, endpoint override, profile or
 * static credentials, attempts and HTTP handler.
 */
export function restJsonCaller(service: string, config: CommonClientConfig): RestJsonCaller {
  const { region, requestHandler } = config;
  const endpoint = new URL(
    config.endpoint ?? `https://${service}.${region}.${partition(region).dnsSuffix}`,
  );
  const signer = new SignatureV4({
    service,
    region,
    credentials: config.credentials ?? defaultProvider({ profile: config.profile }),
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
  });
  const retry = resolveRetryConfig({ maxAttempts: config.maxAttempts, retryMode: 'standard' });
  const basePath = endpoint.pathname.replace(/\/$/, '');

  /** One attempt: sign (again, with the retry headers), send, read the answer. */
  async function attempt(args: { request: unknown; input: unknown }) {
    const signed = await signer.sign(args.request as HttpRequest);
    const { response } = await requestHandler.handle(signed as HttpRequest);
    const text = toUtf8(await streamCollector(response.body));
    if (response.statusCode < 200 || response.statusCode >= 300) throw serviceError(response, text);
    const output: CallOutput = { $metadata: metadataOf(response), body: parseJson(text) };
    return { response, output };
  }
  const send = retryMiddleware(retry)(attempt, {});

  return {
    async call(operation, path, body) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = new HttpRequest({
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
        method: operation.method,
        path: `${basePath}${path}`,
        headers: {
          host: endpoint.host,
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(payload)),
              }),
        },
        ...(payload === undefined ? {} : { body: payload }),
      });
      const { output } = await send({ request, input: body });
      return (output as CallOutput).body;
    },
    destroy() {
      requestHandler.destroy();
    },
  };
}
