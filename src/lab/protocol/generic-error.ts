/**
 * Errors for requests the router cannot hand to a service (unknown signing name, no
 * signature and no recognisable target). The protocol is guessed from the request so the
 * client's SDK can still parse the error: form-encoded bodies get the Query protocol's
 * XML, everything else JSON. Both carry `x-amzn-ErrorType`, which REST clients read.
 */
import type { AwsError } from './aws-error.js';
import { headerValue, type LabRequest, type LabResponse } from './lab-request.js';

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Serialises an error in the protocol the request most likely expects. */
export function genericErrorResponse(error: AwsError, request: LabRequest): LabResponse {
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const body = Buffer.from(
      `<ErrorResponse><Error><Type>Sender</Type><Code>${escapeXml(error.code)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message></Error>` +
        `<RequestId>${request.requestId}</RequestId></ErrorResponse>`,
      'utf8',
    );
    return {
      status: error.status,
      headers: {
        'content-type': 'text/xml',
        'content-length': String(body.length),
        'x-amzn-requestid': request.requestId,
        'x-amzn-errortype': error.code,
      },
      body,
    };
  }
  const json = contentType.startsWith('application/x-amz-json-')
    ? contentType.split(';')[0]!
    : 'application/json';
  const type = error.namespace ? `${error.namespace}#${error.code}` : error.code;
  const body = Buffer.from(JSON.stringify({ __type: type, message: error.message }), 'utf8');
  return {
    status: error.status,
    headers: {
      'content-type': json,
      'content-length': String(body.length),
      'x-amzn-requestid': request.requestId,
      'x-amzn-errortype': error.code,
    },
    body,
  };
}
