/**
 * Serves recorded CloudFormation DescribeStacks answers (Query protocol, XML) on loopback,
 * for testing `init --from-stacks` with the real SDK: the lab has no CloudFormation.
 * A stack missing from the recording gets AWS's ValidationError answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded stack. */
export interface RecordedStack {
  region: string;
  stackId: string;
  outputs: Record<string, string>;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function describeStacksXml(name: string, stack: RecordedStack): string {
  const outputs = Object.entries(stack.outputs)
    .map(
      ([k, v]) =>
        `<member><OutputKey>${k}</OutputKey><OutputValue>${escape(v)}</OutputValue></member>`,
    )
    .join('');
  return `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackId>${stack.stackId}</StackId><StackName>${name}</StackName><CreationTime>2026-10-02T09:14:05.123Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${outputs}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-example</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

/** Starts the replay server; `calls` records `region/StackName` for each request. */
export async function startCloudFormationReplay(
  stacks: Record<string, RecordedStack>,
): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const region =
        /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '?';
      const name = form.get('StackName') ?? '';
      calls.push(`${region}/${name}`);
      const stack = stacks[name];
      res.setHeader('content-type', 'text/xml');
      if (form.get('Action') === 'DescribeStacks' && stack && stack.region === region) {
        res.end(describeStacksXml(name, stack));
        return;
      }
      res.statusCode = 400;
      res.end(
        `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${escape(name)} does not exist</Message></Error><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
