/** A framework file cut into its YAML front matter and its markdown body. */

/** The parts of a framework file: its YAML front matter and its markdown body, with their lines. */
export interface FileParts {
  yaml: string;
  /** 1-based line of the first YAML line in the file. */
  yamlLine: number;
  body: string;
  bodyLine: number;
}

/**
 * Splits normalised file text at its `---` lines (blank lines before the first, spaces after
 * either, and nothing at all after the second are allowed). Gives a message and line when the
 * file has no front matter or it is not closed.
 */
export function splitFrontMatter(text: string): FileParts | { message: string; line: number } {
  const opening = /^(?:[ \t]*\n)*---[ \t]*\n/.exec(text);
  if (!opening) {
    return {
      message:
        'The file has no front matter: a framework file starts with a line "---", then YAML, then another "---".',
      line: 1,
    };
  }
  const yamlStart = opening[0].length;
  const closing = /^---[ \t]*$/m.exec(text.slice(yamlStart));
  if (!closing) {
    return {
      message: 'The front matter is not closed: add a line "---" after the YAML.',
      line: lineOf(text, yamlStart) - 1,
    };
  }
  const bodyStart = Math.min(yamlStart + closing.index + closing[0].length + 1, text.length);
  return {
    yaml: text.slice(yamlStart, yamlStart + closing.index),
    yamlLine: lineOf(text, yamlStart),
    body: text.slice(bodyStart),
    bodyLine: lineOf(text, bodyStart),
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
