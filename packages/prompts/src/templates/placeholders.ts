import { ToolkitError } from '@causal-tune/core';

/** One piece of a parsed template: literal text or a named `{placeholder}`. */
export type TemplateSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly name: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits template text into literal text and `{name}` placeholders, with Python `str.format`
 * escaping (`{{` is a literal `{`, `}}` a literal `}`), because alpaca-lora's templates are
 * Python format strings. A name is an identifier (`[A-Za-z_][A-Za-z0-9_]*`).
 *
 * @param templateName names the template in error messages.
 * @throws ToolkitError `PROMPT_TEMPLATE_INVALID` for an unclosed `{`, a lone `}` or a bad name.
 */
export function parseTemplateText(text: string, templateName: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let literal = '';
  let index = 0;
  const fail = (problem: string, position: number): never => {
    throw new ToolkitError(
      'PROMPT_TEMPLATE_INVALID',
      `Template '${templateName}' ${problem} at character ${position}. Placeholders are written {name} with an identifier name; write {{ and }} for literal braces.`,
      { details: { template: templateName, position } },
    );
  };
  while (index < text.length) {
    const character = text[index];
    if (character === '{' && text[index + 1] === '{') {
      literal += '{';
      index += 2;
    } else if (character === '}' && text[index + 1] === '}') {
      literal += '}';
      index += 2;
    } else if (character === '}') {
      fail("has a single '}'", index);
    } else if (character === '{') {
      const close = text.indexOf('}', index + 1);
      if (close < 0) fail("has an unclosed '{'", index);
      const name = text.slice(index + 1, close);
      if (!NAME.test(name)) fail(`has a placeholder with the invalid name ${JSON.stringify(name)}`, index);
      if (literal !== '') segments.push({ kind: 'text', text: literal });
      literal = '';
      segments.push({ kind: 'placeholder', name });
      index = close + 1;
    } else {
      literal += character;
      index += 1;
    }
  }
  if (literal !== '') segments.push({ kind: 'text', text: literal });
  return segments;
}

/** The distinct placeholder names of parsed segments, in order of first appearance. */
export function placeholderNames(segments: readonly TemplateSegment[]): string[] {
  const names: string[] = [];
  for (const segment of segments) {
    if (segment.kind === 'placeholder' && !names.includes(segment.name)) names.push(segment.name);
  }
  return names;
}
