import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, operatorPolicyForConfig } from '../../src/aws/permissions.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';

/** IAM service prefix of each SDK client package the adapters may use. */
const IAM_PREFIX: Record<string, string> = {
  'client-cloudformation': 'cloudformation',
  'client-cloudwatch': 'cloudwatch',
  'client-dynamodb': 'dynamodb',
  'client-ecs': 'ecs',
  'client-elastic-load-balancing-v2': 'elasticloadbalancing',
  'client-global-accelerator': 'globalaccelerator',
  'client-xray': 'xray',
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/**
 * Every `new XCommand(` in src/aws, and every operation declared for a signed REST-JSON call
 * (`restJsonOperation('fis', 'StartExperiment', …)`, whose first argument is the IAM prefix),
 * as the IAM action it needs (`service:X`).
 */
function actionsSentByAdapters(): Set<string> {
  const actions = new Set<string>();
  for (const file of tsFiles('src/aws')) {
    const text = readFileSync(file, 'utf8');
    const origin = new Map<string, string>();
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([\w-]+)'/g)) {
      for (const name of m[1]!.split(',').map((s) => s.trim().replace(/^type\s+/, '')))
        origin.set(name, m[2]!);
    }
    for (const m of text.matchAll(/new\s+(\w+)Command\s*\(/g)) {
      const pkg = origin.get(`${m[1]}Command`);
      expect(pkg, `${file}: ${m[1]}Command is not imported from an @aws-sdk client`).toBeDefined();
      const prefix = IAM_PREFIX[pkg!];
      expect(prefix, `${file}: no IAM prefix known for @aws-sdk/${pkg}`).toBeDefined();
      actions.add(`${prefix}:${m[1]}`);
    }
    for (const m of text.matchAll(/restJsonOperation\(\s*'([\w-]+)',\s*'(\w+)'/g))
      actions.add(`${m[1]}:${m[2]}`);
  }
  return actions;
}

describe('the operator policy', () => {
  it('grants exactly the actions the AWS adapters send, nothing more', () => {
    const granted = new Set(PERMISSIONS.flatMap((p) => p.actions));
    expect([...granted].sort()).toEqual([...actionsSentByAdapters()].sort());
  });

  it('names every action: no wildcard actions, each action of its entry’s service', () => {
    for (const entry of PERMISSIONS) {
      for (const action of entry.actions) {
        expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
        expect(action.split(':')[0]).toBe(entry.service);
      }
    }
  });

  it('scopes each statement to the configured deployment', () => {
    const policy = operatorPolicyForConfig(parseConfig(labConfig(), 'lab'), 'MysfitsDr');
    expect(policy.Version).toBe('2012-10-17');
    for (const statement of policy.Statement) {
      expect(statement.Action.every((a) => !a.includes('*'))).toBe(true);
      expect(statement.Resource.length).toBeGreaterThan(0);
      for (const resource of statement.Resource) {
        if (resource !== '*')
          expect(resource).toMatch(/^arn:aws:[a-z0-9-]+:[a-z0-9-]*:000000000000:/);
      }
    }
    const stacks = policy.Statement.find((s) => s.Action.includes('cloudformation:DescribeStacks'));
    expect(stacks?.Resource).toEqual([
      'arn:aws:cloudformation:us-west-2:000000000000:stack/MysfitsDr-global/*',
      'arn:aws:cloudformation:us-west-2:000000000000:stack/MysfitsDr-us-west-2/*',
      'arn:aws:cloudformation:us-east-1:000000000000:stack/MysfitsDr-us-east-1/*',
    ]);
    // Drills read the Like service's counters in the likes table: GetItem there, nothing else.
    const likes = policy.Statement.filter((s) =>
      s.Resource.some((r) => r.endsWith(':table/MysfitsLikesTable')),
    );
    expect(likes).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem'],
        Resource: [
          'arn:aws:dynamodb:us-west-2:000000000000:table/MysfitsLikesTable',
          'arn:aws:dynamodb:us-east-1:000000000000:table/MysfitsLikesTable',
        ],
        // …and only on the counters (`__likes#<mysfit>#<region>`).
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['__likes#*'] } },
      }),
    ]);
  });

  it("touches only its own items in the app's table: the replication canaries", () => {
    const policy = operatorPolicyForConfig(parseConfig(labConfig(), 'lab'), 'MysfitsDr');
    const app = policy.Statement.filter((s) =>
      s.Resource.some((r) => r.endsWith(':table/MysfitsTable')),
    );
    expect(app.map((s) => [s.Sid, s.Action, s.Condition])).toEqual([
      ['DynamodbTable', ['dynamodb:DescribeTable'], undefined],
      [
        'DynamodbTableItems',
        ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['__canary#*'] } },
      ],
    ]);
  });

  it('without a control table, its items in the app table are the only others it may touch', () => {
    const config = { ...parseConfig(labConfig(), 'lab'), controlTable: undefined };
    const policy = operatorPolicyForConfig(config, 'MysfitsDr');
    const control = policy.Statement.find((s) => s.Sid === 'DynamodbControltableItems');
    expect(control).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [
        'arn:aws:dynamodb:us-west-2:000000000000:table/MysfitsTable',
        'arn:aws:dynamodb:us-east-1:000000000000:table/MysfitsTable',
      ],
      Condition: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': ['__lock#*', '__audit#*', '__routing#*'],
        },
      },
    });
  });

  it('starts only FIS templates tagged with the application; stops only experiments', () => {
    const policy = operatorPolicyForConfig(parseConfig(labConfig(), 'lab'), 'MysfitsDr');
    const fis = policy.Statement.filter((s) => s.Action.some((a) => a.startsWith('fis:')));
    expect(fis).toEqual([
      {
        Sid: 'FisExperimentTemplate',
        Effect: 'Allow',
        Action: ['fis:StartExperiment'],
        Resource: [
          'arn:aws:fis:us-west-2:000000000000:experiment-template/*',
          'arn:aws:fis:us-east-1:000000000000:experiment-template/*',
        ],
        Condition: {
          StringEquals: { 'aws:ResourceTag/mysfits-dr:application': ['mythical-mysfits'] },
        },
      },
      {
        Sid: 'FisExperiment',
        Effect: 'Allow',
        Action: ['fis:StartExperiment', 'fis:StopExperiment'],
        Resource: [
          'arn:aws:fis:us-west-2:000000000000:experiment/*',
          'arn:aws:fis:us-east-1:000000000000:experiment/*',
        ],
      },
    ]);
  });

  it('grants the lock, audit and switch item calls on the control table, in its replica regions', () => {
    const policy = operatorPolicyForConfig(parseConfig(labConfig(), 'lab'), 'MysfitsDr');
    const control = policy.Statement.find((s) => s.Sid === 'DynamodbControltable');
    expect(control?.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(control?.Resource).toEqual([
      'arn:aws:dynamodb:us-west-2:000000000000:table/MysfitsDrControl',
      'arn:aws:dynamodb:us-east-1:000000000000:table/MysfitsDrControl',
    ]);
  });
});
