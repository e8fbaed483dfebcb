/** Ways a CI command is made to pass without checking anything. */
export interface WeakenerPattern {
  kind: string;
  description: string;
  pattern: RegExp;
  /** Only in commands that run this tool (e.g. pytest's flags). */
  when?: RegExp;
}

export const SCRIPT_WEAKENERS: readonly WeakenerPattern[] = [
  {
    kind: 'or-true',
    description: 'swallows the exit code',
    pattern:
      /\|\|\s*(true|:|exit\s+0|\/bin\/true|echo\b[^\n|&;]*|printf\b[^\n|&;]*)(?=\s*($|[;&|)\n#]))/g,
  },
  { kind: 'set-plus-e', description: 'stops failing on errors', pattern: /(^|[\s;&])set\s+\+e\b/g },
  {
    kind: 'pass-with-no-tests',
    description: 'passes when no test runs',
    pattern: /--pass-?[wW]ith-?[nN]o-?[tT]ests\b(=true)?/g,
  },
  { kind: 'exit-zero', description: 'exits 0 whatever it finds', pattern: /--exit-zero\b/g },
  {
    kind: 'if-present',
    description: 'passes when the script is missing',
    pattern: /--if-present\b/g,
  },
  { kind: 'no-verify', description: 'skips git hooks', pattern: /--no-verify\b/g },
  {
    kind: 'test-filter',
    description: 'leaves tests out',
    pattern: /(--deselect\b|--ignore(-glob)?[= ]|\s-k\s+["']?not\b)/g,
    when: /\bpytest\b/,
  },
  {
    kind: 'test-filter',
    description: 'leaves tests out',
    pattern: /--testPathIgnorePatterns\b|--test-path-ignore-patterns\b/g,
  },
  {
    kind: 'test-filter',
    description: 'leaves tests out',
    pattern: /\s-skip[= ]/g,
    when: /\bgo\s+test\b/,
  },
];

/** Commands that are gates: removing one from a step removes a check. */
export const GATE_COMMAND =
  /\b(test|tests|lint|check|typecheck|type-check|tsc|vet|verify|audit|scan|coverage|pytest|jest|vitest|mocha|eslint|prettier|ruff|mypy|pyright|flake8|pylint|black|golangci-lint|staticcheck|cargo\s+(test|clippy)|charter|semgrep|trivy|gitleaks|codeql)\b/;

/** package.json scripts that are gates by their name. */
export const GATE_SCRIPT =
  /^(test|tests|lint|check|typecheck|type-check|verify|validate|ci|audit|format:check|prettier:check)(:|$)/;
