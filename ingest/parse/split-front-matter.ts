/** A Markdown file cut into its YAML front matter and body. */
export type FrontMatterSplit =
  | { kind: 'missing' }
  | { kind: 'unclosed' }
  | {
      kind: 'found';
      yaml: string;
      /** 1-based line number in the file of the first YAML line, to turn YAML error lines into file lines. */
      yamlFirstLine: number;
      body: string;
    };

/**
 * Finds front matter: a `---` line at the top (blank lines before it are tolerated), the YAML,
 * then a closing `---` (or YAML's `...`) line. Expects '\n' line endings (decodeText normalises them).
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.split('\n');
  let open = 0;
  while (open < lines.length && lines[open].trim() === '') open += 1;
  if (open >= lines.length || lines[open].trimEnd() !== '---') return { kind: 'missing' };
  for (let close = open + 1; close < lines.length; close += 1) {
    const line = lines[close].trimEnd();
    if (line === '---' || line === '...') {
      return {
        kind: 'found',
        yaml: lines.slice(open + 1, close).join('\n'),
        yamlFirstLine: open + 2,
        body: lines.slice(close + 1).join('\n'),
      };
    }
  }
  return { kind: 'unclosed' };
}
