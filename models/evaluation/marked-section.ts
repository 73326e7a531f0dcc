/**
 * Writes generated text into a file another engineer owns (a model card, the models README) only
 * between marker comments, so hand-written text around it is never touched.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the text between `<!-- {id}:begin -->` and `<!-- {id}:end -->`, or appends the marked
 * section when the markers are absent.
 * @example replaceMarkedSection('# Card\n', 'evaluation', 'See evaluation.md') // '# Card\n\n<!-- evaluation:begin -->\nSee evaluation.md\n<!-- evaluation:end -->\n'
 */
export function replaceMarkedSection(text: string, id: string, body: string): string {
  const begin = `<!-- ${id}:begin -->`;
  const end = `<!-- ${id}:end -->`;
  const section = `${begin}\n${body.trim()}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) return text.slice(0, from) + section + text.slice(to + end.length);
  return `${text.replace(/\s*$/, '')}\n\n${section}\n`;
}

/** {@link replaceMarkedSection} on a file; the file is created when missing. */
export function writeMarkedSection(file: string, id: string, body: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const next = replaceMarkedSection(text, id, body);
  if (next !== text) writeFileSync(file, next);
}
