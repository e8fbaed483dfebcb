import type { Extractor } from '../extractor.js';
import { configured } from './configured.js';
import { isInterpolated } from './types.js';
import type { EnvAssignment, EnvFacts } from './types.js';

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `.env`, `.env.production`, `.env.example`, `prod.env`, `.envrc`; not encrypted vaults. */
export function isDotenvFile(path: string): boolean {
  const name = baseName(path);
  if (name === '.env.vault' || name.endsWith('.env.vault')) return false;
  return /^\.env(?:\..+)?$/.test(name) || /^[\w.-]+\.env$/.test(name) || name === '.envrc';
}

const LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

/**
 * Parses dotenv syntax with positions: `NAME=value`, `export NAME=value`, single-, double-
 * and backtick-quoted values (double quotes may span lines), `# comments`.
 */
export function parseDotenv(text: string): EnvAssignment[] {
  const out: EnvAssignment[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    const match = LINE.exec(raw);
    if (!match) continue;
    const name = match[1] as string;
    const line = i + 1;
    const valueColumn = match[0].length + 1;
    const rest = raw.slice(match[0].length);
    const nameColumn = raw.indexOf(name) + 1;
    const nameSpan = {
      line,
      column: nameColumn,
      endLine: line,
      endColumn: nameColumn + name.length,
    };
    let value: string | null;
    let valueSpan = { line, column: valueColumn, endLine: line, endColumn: valueColumn };
    const quote = rest[0];
    if (quote === "'" || quote === '"' || quote === '`') {
      let body = rest.slice(1);
      let endLine = line;
      let close = findClose(body, quote);
      // Double-quoted values may continue on the next lines.
      while (close < 0 && quote === '"' && endLine < lines.length) {
        const next = (lines[endLine] as string).replace(/\r$/, '');
        endLine++;
        body += `\n${next}`;
        close = findClose(body, quote);
      }
      if (close < 0) close = body.length;
      const content = body.slice(0, close);
      i = endLine - 1;
      const lastLine = content.split('\n').at(-1) ?? '';
      valueSpan = {
        line,
        column: valueColumn,
        endLine,
        endColumn: endLine === line ? valueColumn + content.length + 2 : lastLine.length + 2,
      };
      const unescaped =
        quote === '"' ? content.replace(/\\n/g, '\n').replace(/\\(["\\$])/g, '$1') : content;
      value = quote !== "'" && isInterpolated(content) ? null : unescaped;
    } else {
      const comment = rest.search(/[ \t]#/);
      const content = (comment >= 0 ? rest.slice(0, comment) : rest).trim();
      valueSpan = {
        line,
        column: valueColumn,
        endLine: line,
        endColumn: valueColumn + content.length,
      };
      value = isInterpolated(content) ? null : content;
    }
    out.push({ name, value, nameSpan, valueSpan });
  }
  return out;
}

function findClose(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && quote !== "'") i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

const dotenvInstances = new Map<string, Extractor<EnvFacts>>();

/** `.env` files; values kept only for `keep` (the variables the contract constrains). */
export function dotenvExtractor(keep: readonly string[]): Extractor<EnvFacts> {
  return configured(
    {
      id: 'env-dotenv',
      version: 2,
      appliesTo: isDotenvFile,
      largeFiles: 'read',
      binaryFiles: 'ignore',
      scopes: (path, text) => ({
        kind: 'dotenv',
        scopes: [
          {
            label: baseName(path),
            complete: true,
            anchor: { line: 1, column: 1, endLine: 1, endColumn: 1 },
            assignments: parseDotenv(text),
          },
        ],
      }),
    },
    keep,
    dotenvInstances,
  );
}
