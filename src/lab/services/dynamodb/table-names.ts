/**
 * Which tables a DynamoDB request names: `TableName`, the keys of `RequestItems`, the
 * tables of `TransactItems`, and (for PartiQL) the candidate names a statement mentions.
 */

/** A table name from a name or a table ARN (`arn:aws:dynamodb:…:table/Name[/…]`). */
export function tableNameOf(value: unknown): string {
  const name = String(value ?? '');
  const slash = name.indexOf(':table/');
  return name.startsWith('arn:') && slash >= 0 ? name.slice(slash + 7).split('/')[0]! : name;
}

/** Tables named by `TableName` or as keys of `RequestItems`. */
export function tablesOfRequest(input: Record<string, unknown>): string[] {
  const names: string[] = [];
  if (input.TableName !== undefined) names.push(tableNameOf(input.TableName));
  const requestItems = input.RequestItems;
  if (requestItems && typeof requestItems === 'object')
    names.push(...Object.keys(requestItems).map(tableNameOf));
  return names;
}

type Statement = { Statement?: unknown };

/** The PartiQL statements of ExecuteStatement, BatchExecuteStatement and ExecuteTransaction. */
export function statementsOf(input: Record<string, unknown>): string[] {
  const list = [
    ...(Array.isArray(input.Statements) ? (input.Statements as Statement[]) : []),
    ...(Array.isArray(input.TransactStatements) ? (input.TransactStatements as Statement[]) : []),
  ];
  const all = input.Statement === undefined ? list : [{ Statement: input.Statement }, ...list];
  return all.map((s) => String(s?.Statement ?? ''));
}

function mentions(statement: string, table: string): boolean {
  const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.-])"?${escaped}"?([^A-Za-z0-9_.-]|$)`).test(statement);
}

/**
 * Every table a request names: `TableName`, `RequestItems`, `TransactItems`, and those of
 * `candidates` that a PartiQL statement of the request mentions.
 */
export function tablesTouched(
  input: Record<string, unknown>,
  candidates: readonly string[],
): string[] {
  const names = tablesOfRequest(input);
  if (Array.isArray(input.TransactItems)) {
    for (const item of input.TransactItems as Record<string, { TableName?: unknown }>[]) {
      for (const action of Object.values(item ?? {})) {
        if (action?.TableName !== undefined) names.push(tableNameOf(action.TableName));
      }
    }
  }
  const statements = statementsOf(input);
  for (const table of candidates) {
    if (statements.some((s) => mentions(s, table))) names.push(table);
  }
  return [...new Set(names)];
}
