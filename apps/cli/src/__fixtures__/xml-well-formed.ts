/**
 * Problems that make `text` not well-formed XML, by a small tag-balance check (start, end and
 * self-closing tags, comments, quoted attribute values); empty when it is fine. Enough to catch a
 * truncated or mangled SVG without an XML parser dependency.
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|</g;
  for (const match of text.matchAll(tag)) {
    const [whole, closing, name, , selfClosing] = match;
    if (whole.startsWith('<!--')) continue;
    if (name === undefined) {
      problems.push(`stray '<' at ${match.index}`);
      continue;
    }
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> at ${match.index} closes <${open ?? 'nothing'}>`);
    } else if (selfClosing !== '/') {
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}
