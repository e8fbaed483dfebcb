/** A span in a file, 1-based lines and columns, end exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * How a module is brought in: `static` (import … from), `side-effect` (import 'x', Go `_`),
 * `reexport` (export … from), `require` (CommonJS, `import x = require()`), `dynamic`
 * (a literal `import()`, `importlib.import_module`).
 */
export type ImportKind = 'static' | 'side-effect' | 'reexport' | 'require' | 'dynamic';

export type ImportLanguage = 'javascript' | 'python' | 'go';

export interface ImportRecord extends Span {
  /** As written: './x.js', '@scope/pkg/sub', 'a.b.c', 'github.com/org/repo/pkg'. */
  specifier: string;
  kind: ImportKind;
  /** Erased at run time: `import type`, `export type … from`, Python `if TYPE_CHECKING:`. */
  typeOnly: boolean;
  /**
   * The names taken from the module: an exported name, `default`, `*`; Python's names after
   * `from x import`; Go's alias (`_`, `.`, or the name given).
   */
  names: string[];
  /** Python: the number of leading dots of a relative import. */
  level?: number;
}

export interface ImportFacts {
  language: ImportLanguage;
  imports: ImportRecord[];
  /** Go: the package clause. */
  package?: string;
}

/** Where an import leads. */
export type ImportTarget =
  | {
      kind: 'file';
      /** A file in the repository (for Go, the package's folder). */
      path: string;
      /** Go: the package's non-test files. */
      files?: readonly string[];
      /** The workspace package or Go module the file belongs to, when imported by name. */
      package?: string;
      /** The path could not be narrowed to one file; it stands for the package. */
      approximate?: boolean;
    }
  | { kind: 'package'; name: string; ecosystem: Ecosystem }
  | { kind: 'builtin'; name: string; ecosystem: Ecosystem }
  | { kind: 'unresolved'; reason: string };

export type Ecosystem = 'npm' | 'pypi' | 'go';

export const ECOSYSTEM_OF: Record<ImportLanguage, Ecosystem> = {
  javascript: 'npm',
  python: 'pypi',
  go: 'go',
};
