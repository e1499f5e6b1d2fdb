/**
 * Mapping between table items (MysfitId, Name, … as in the workshop's table) and the API
 * shape (mysfitId, name, …), plus the rule that ids starting with `__` are internal
 * records (the replication canaries, the operator tool's records) that no listing may show.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A mysfit as both services' API returns it. */
export interface Mysfit {
  mysfitId: string;
  name: string;
  species: string;
  description: string;
  age: number;
  goodevil: string;
  lawchaos: string;
  thumbImageUri: string;
  profileImageUri: string;
  /** A decimal string, as the workshop's service answers it (its DynamoDB `N` as is). */
  likes: string;
  adopted: boolean;
}

/** A raw DynamoDB item. */
export type TableItem = Record<string, AttributeValue>;

/** Table attribute name of each API field. */
export const TABLE_ATTRIBUTE: Readonly<Record<keyof Mysfit, string>> = {
  mysfitId: 'MysfitId',
  name: 'Name',
  species: 'Species',
  description: 'Description',
  age: 'Age',
  goodevil: 'GoodEvil',
  lawchaos: 'LawChaos',
  thumbImageUri: 'ThumbImageUri',
  profileImageUri: 'ProfileImageUri',
  likes: 'Likes',
  adopted: 'Adopted',
};

/** Prefix of ids reserved for the operator tool's own records. */
export const INTERNAL_ID_PREFIX = '__';

/** True for ids of internal records, which are never listed, returned or liked. */
export function isInternalMysfitId(id: string): boolean {
  return id.startsWith(INTERNAL_ID_PREFIX);
}

/** True when the item is a real mysfit (has a string id that is not internal). */
export function isPublicItem(item: TableItem): boolean {
  const id = item[TABLE_ATTRIBUTE.mysfitId]?.S;
  return id !== undefined && !isInternalMysfitId(id);
}

function str(item: TableItem, attr: string): string {
  return item[attr]?.S ?? '';
}

function num(item: TableItem, attr: string): number {
  const raw = item[attr]?.N;
  const value = raw === undefined ? 0 : Number(raw);
  return Number.isFinite(value) ? value : 0;
}

/**
 * Maps a table item to the API shape; absent attributes become '' / 0 / false. `likes` is
 * `likes` when given (the total of like-counters.ts), else the item's own `Likes`.
 */
export function toMysfit(item: TableItem, likes?: number): Mysfit {
  return {
    mysfitId: str(item, TABLE_ATTRIBUTE.mysfitId),
    name: str(item, TABLE_ATTRIBUTE.name),
    species: str(item, TABLE_ATTRIBUTE.species),
    description: str(item, TABLE_ATTRIBUTE.description),
    age: num(item, TABLE_ATTRIBUTE.age),
    goodevil: str(item, TABLE_ATTRIBUTE.goodevil),
    lawchaos: str(item, TABLE_ATTRIBUTE.lawchaos),
    thumbImageUri: str(item, TABLE_ATTRIBUTE.thumbImageUri),
    profileImageUri: str(item, TABLE_ATTRIBUTE.profileImageUri),
    likes: String(likes ?? num(item, TABLE_ATTRIBUTE.likes)),
    adopted: item[TABLE_ATTRIBUTE.adopted]?.BOOL ?? false,
  };
}

/** Sorts by name, then id: a total order, so equal names still list the same way every time. */
export function compareMysfits(a: Mysfit, b: Mysfit): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.mysfitId !== b.mysfitId) return a.mysfitId < b.mysfitId ? -1 : 1;
  return 0;
}
