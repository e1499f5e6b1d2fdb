/**
 * A small XML writer for the JUnit results: escaping of text and attribute values (XML 1.0),
 * and elements built from a name, attributes and children. Pure.
 */

// Characters XML 1.0 does not allow at all (C0 controls but tab, LF and CR; lone surrogates;
// U+FFFE and U+FFFF). An escape sequence (terminal colour) is removed whole first.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with what XML 1.0 cannot carry removed (colour codes) or replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(ANSI, '').replace(INVALID, '\ufffd');
}

/** `text` as XML character data: `&`, `<` and `>` escaped (so `]]>` cannot appear). */
export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text` as a double-quoted attribute value: markup characters and quotes escaped, and tab,
 * line feed and carriage return as character references (a parser would otherwise normalise
 * them to spaces).
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values by name; undefined ones are left out. */
export type XmlAttributes = Record<string, string | number | undefined>;

/**
 * One element, indented by `depth` levels of two spaces: `children` are already rendered
 * lines (elements), or `text` is its character data. Empty elements are self-closed.
 */
export function xmlElement(
  name: string,
  attributes: XmlAttributes,
  content: { children?: readonly string[]; text?: string } = {},
  depth = 0,
): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(attributes)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(String(v))}"`)
    .join('');
  if (content.text !== undefined && content.text !== '')
    return `${pad}<${name}${attrs}>${escapeXmlText(content.text)}</${name}>`;
  if (!content.children?.length) return `${pad}<${name}${attrs}/>`;
  return [`${pad}<${name}${attrs}>`, ...content.children, `${pad}</${name}>`].join('\n');
}
