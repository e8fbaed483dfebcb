/**
 * Replaces the generated sections of README.md (between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`). A test checks that the README is up to date.
 */
export function replaceSection(text, name, body) {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
