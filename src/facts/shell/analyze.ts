import path from 'node:path';
import { parse } from 'unbash';
import type {
  Command,
  CommandNode,
  HereDoc,
  HereString,
  ParsedScript,
  PipelineNode,
  Redirection,
  Statement,
  Word,
  WordPart,
} from 'unbash';
import { gitActions, parseGit } from './git.js';
import type { GitPathWrite } from './git.js';
import { PathIndex, relativeToRoot, resolveTarget } from './paths.js';
import { scriptWrites } from './scripts.js';
import type {
  CommandEnvironment,
  CommandFacts,
  CommandSpan,
  RealPath,
  ResolvedTarget,
  ShellAction,
  WriteVia,
} from './types.js';
import { wordValue, wordValues } from './words.js';
import type { WordScope, WordValue } from './words.js';

const posix = path.posix;
const MAX_DEPTH = 8;
/**
 * Simple commands the analysis follows, loop bodies and nested scripts counted each time they
 * are walked: a command past this (loops in loops over long lists) cannot be judged.
 */
const MAX_COMMANDS = 1024;
/** Words the analysis follows in one command, after brace expansion. */
const MAX_WORDS = 4096;

interface ShellState {
  /** Absolute working directory, undefined once a `cd` went somewhere only known at run time. */
  cwd: string | undefined;
  vars: Map<string, WordValue>;
}

/** Maps a span of a nested script (a `bash -c` string, a heredoc) onto the agent's command. */
type SpanMap = (span: CommandSpan) => CommandSpan;

interface Arg {
  value: WordValue;
  span: CommandSpan;
}

/** Links followed one after another before a path is taken as unknown. */
const MAX_LINK_HOPS = 16;

/** The absolute path of a target known statically, or undefined. */
function targetPath(target: ResolvedTarget, root: string): string | undefined {
  if (target.dynamic || target.where === 'unknown') return undefined;
  if (target.where === 'outside') return /[*?[]/.test(target.path) ? undefined : target.path;
  return target.path === '.' ? root : posix.join(root, target.path);
}

/** Where a target really is: the place links lead it to, else its own path. */
function realPath(target: ResolvedTarget, root: string): string | undefined {
  const through = target.through?.[target.through.length - 1];
  if (!through) return targetPath(target, root);
  if (through.where === 'outside') return through.path;
  return through.path === '.' ? root : posix.join(root, through.path);
}

const FETCHERS = new Set(['curl', 'wget', 'fetch', 'http', 'https', 'xh', 'aria2c']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'busybox']);
const INTERPRETERS = new Set([
  ...SHELLS,
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'node',
  'nodejs',
  'deno',
  'bun',
  'php',
  'pwsh',
  'source',
  '.',
  'eval',
]);
const CODE_FLAGS: Record<string, string[]> = {
  python: ['-c'],
  python2: ['-c'],
  python3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  bun: ['-e', '--eval', '-p', '--print'],
  deno: ['eval'],
  ruby: ['-e'],
  php: ['-r'],
};

function programName(text: string): string {
  return posix.basename(text.replace(/^\\/, ''));
}

class Analyzer {
  readonly actions: ShellAction[] = [];
  readonly programs: CommandFacts['programs'] = [];
  readonly errors: CommandFacts['errors'] = [];
  readonly index: PathIndex;
  private readonly changed: ReadonlySet<string>;
  /** Simple commands and words walked so far, against MAX_COMMANDS and MAX_WORDS. */
  private commands = 0;
  private words = 0;
  /** Set once a bound is passed: the rest of the command is not walked. */
  private exhausted = false;
  /** What the earlier elements of the pipeline being walked run (`pgrep … | xargs kill`). */
  private pipedText: string | undefined;
  /** Links created by earlier parts of the command: absolute link path → absolute target. */
  private readonly links = new Map<string, string>();

  constructor(
    readonly source: string,
    readonly env: CommandEnvironment,
  ) {
    this.index = new PathIndex(env.root, env.home, env.files);
    this.changed = new Set(env.changed ?? []);
  }

  scope(state: ShellState, map: SpanMap): WordScope {
    return {
      vars: state.vars,
      home: this.env.home,
      cwd: state.cwd,
      tooLarge: (word, reason) => this.tooLarge(reason, map({ start: word.pos, end: word.end })),
    };
  }

  /** A part of the command beyond the analysis' bounds: the command cannot be judged. */
  tooLarge(message: string, span: CommandSpan): void {
    if (this.errors.some((error) => error.offset === span.start && error.kind === 'limit')) return;
    this.errors.push({ message, offset: span.start, kind: 'limit' });
  }

  /** Counts walked simple commands and expanded words; false once past a bound. */
  budget(commands: number, words: number, span: CommandSpan): boolean {
    if (this.exhausted) return false;
    this.commands += commands;
    this.words += words;
    if (this.commands > MAX_COMMANDS || this.words > MAX_WORDS) {
      this.exhausted = true;
      this.tooLarge(
        this.commands > MAX_COMMANDS
          ? `more than ${MAX_COMMANDS} simple commands, counting each pass of a loop`
          : `more than ${MAX_WORDS} words after expansion`,
        span,
      );
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Scripts and compound commands

  script(script: ParsedScript, state: ShellState, map: SpanMap, depth: number): void {
    for (const error of script.errors ?? []) {
      this.errors.push({
        message: error.message,
        offset: map({ start: error.pos, end: error.pos }).start,
      });
    }
    this.statements(script.commands, state, map, depth);
  }

  parseNested(text: string, state: ShellState, map: SpanMap, depth: number): void {
    if (depth > MAX_DEPTH) {
      this.errors.push({
        message: 'commands nested too deeply to judge',
        offset: map({ start: 0, end: 0 }).start,
      });
      return;
    }
    this.script(parse(text), state, map, depth + 1);
  }

  statements(
    statements: readonly Statement[],
    state: ShellState,
    map: SpanMap,
    depth: number,
  ): void {
    for (const statement of statements) {
      if (this.exhausted) return;
      this.node(statement.command, state, map, depth);
    }
  }

  node(
    node: PipelineNode | Statement['command'],
    state: ShellState,
    map: SpanMap,
    depth: number,
  ): void {
    if (this.exhausted) return;
    switch (node.type) {
      case 'Command':
        this.command(node, state, map, depth, undefined);
        return;
      case 'Pipeline':
        this.pipeline(node.commands, state, map, depth);
        return;
      case 'AndOr':
        for (const part of node.commands) this.node(part, state, map, depth);
        return;
      case 'Subshell':
        this.statements(node.body.commands, clone(state), map, depth);
        return;
      case 'BraceGroup':
        this.statements(node.body.commands, state, map, depth);
        return;
      case 'If':
        this.statements(node.clause.commands, state, map, depth);
        this.statements(node.then.commands, state, map, depth);
        for (const elif of node.elif) {
          this.statements(elif.clause.commands, state, map, depth);
          this.statements(elif.then.commands, state, map, depth);
        }
        if (node.else) this.statements(node.else.commands, state, map, depth);
        return;
      case 'For':
      case 'Select': {
        const values = (node.wordlist ?? []).flatMap((word) => {
          this.substitutions(word, state, map, depth);
          return wordValues(word, this.scope(state, map));
        });
        if (!this.budget(0, values.length, map({ start: node.pos, end: node.end }))) return;
        const name = node.name.value;
        if (node.wordlist && values.length > 0 && values.length <= 16) {
          for (const value of values) {
            if (this.exhausted) return;
            const inner = clone(state);
            inner.vars.set(name, value);
            this.statements(node.body.commands, inner, map, depth);
          }
        } else {
          const inner = clone(state);
          inner.vars.delete(name);
          this.statements(node.body.commands, inner, map, depth);
        }
        return;
      }
      case 'While':
        this.statements(node.clause.commands, state, map, depth);
        this.statements(node.body.commands, state, map, depth);
        return;
      case 'ArithmeticFor':
        this.statements(node.body.commands, state, map, depth);
        return;
      case 'Case':
        this.substitutions(node.word, state, map, depth);
        for (const item of node.items) this.statements(item.body.commands, state, map, depth);
        return;
      case 'Function':
        if (node.body.type === 'CompoundList')
          this.statements(node.body.commands, clone(state), map, depth);
        else this.node(node.body, clone(state), map, depth);
        return;
      case 'Coproc':
        if (node.body.type === 'CompoundList')
          this.statements(node.body.commands, clone(state), map, depth);
        else this.node(node.body, clone(state), map, depth);
        return;
      case 'Redirected':
        this.node(node.command, state, map, depth);
        this.redirects(
          node.redirects,
          state,
          map,
          depth,
          undefined,
          map({ start: node.pos, end: node.end }),
        );
        return;
      default:
        // [[ … ]] and (( … )): their words may hold command substitutions.
        return;
    }
  }

  pipeline(commands: readonly CommandNode[], state: ShellState, map: SpanMap, depth: number): void {
    // Each element runs in its own subshell.
    let fetcher: string | undefined;
    const earlier: string[] = [];
    for (const element of commands) {
      const inner = clone(state);
      if (element.type === 'Command') {
        this.pipedText = earlier.length ? earlier.join(' | ') : undefined;
        const argv = this.command(element, inner, map, depth, fetcher);
        this.pipedText = undefined;
        const program = argv ? effectiveProgram(argv) : undefined;
        if (program && FETCHERS.has(program)) fetcher = program;
        if (argv) earlier.push(argv.join(' '));
      } else {
        this.node(element, inner, map, depth);
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Words

  /** Walks the command and process substitutions inside a word. */
  substitutions(word: Word | undefined, state: ShellState, map: SpanMap, depth: number): void {
    if (!word?.parts) return;
    const visit = (parts: readonly WordPart[] | readonly { type: string }[]): void => {
      for (const part of parts as readonly WordPart[]) {
        if (part.type === 'CommandExpansion' || part.type === 'ProcessSubstitution') {
          if (part.script) this.script(part.script, clone(state), map, depth + 1);
        } else if (part.type === 'DoubleQuoted' || part.type === 'LocaleString') {
          visit(part.parts);
        } else if (part.type === 'ParameterExpansion' && part.operation) {
          const op = part.operation;
          if ('operand' in op && op.operand) this.substitutions(op.operand, state, map, depth);
        }
      }
    };
    visit(word.parts);
  }

  /** Does a word run something fetched from the network (`$(curl …)`, `<(wget …)`)? */
  fetchedIn(word: Word): string | undefined {
    let found: string | undefined;
    const visitScript = (script: ParsedScript | undefined): void => {
      if (!script) return;
      const walk = (node: PipelineNode | Statement['command']): void => {
        if (node.type === 'Command') {
          const name = node.name ? programName(node.name.value) : undefined;
          const argv = name ? [name, ...node.args.filter(isWord).map((w) => w.value)] : [];
          const program = effectiveProgram(argv);
          if (program && FETCHERS.has(program)) found ??= program;
        } else if (node.type === 'Pipeline' || node.type === 'AndOr') {
          for (const inner of node.commands) walk(inner);
        } else if (node.type === 'Subshell' || node.type === 'BraceGroup') {
          for (const statement of node.body.commands) walk(statement.command);
        }
      };
      for (const statement of script.commands) walk(statement.command);
    };
    const visit = (parts: readonly WordPart[] | undefined): void => {
      for (const part of parts ?? []) {
        if (part.type === 'CommandExpansion' || part.type === 'ProcessSubstitution')
          visitScript(part.script);
        else if (part.type === 'DoubleQuoted') visit(part.parts as readonly WordPart[]);
      }
    };
    visit(word.parts);
    return found;
  }

  args(words: readonly Word[], state: ShellState, map: SpanMap): Arg[] {
    const scope = this.scope(state, map);
    const args = words.flatMap((word) =>
      wordValues(word, scope).map((value) => ({
        value,
        span: map({ start: word.pos, end: word.end }),
      })),
    );
    const first = words[0];
    if (first && !this.budget(0, args.length, map({ start: first.pos, end: first.end }))) return [];
    return args;
  }

  target(value: WordValue, state: ShellState, cwd?: string | undefined): ResolvedTarget {
    return this.throughLinks(resolveTarget(value, cwd === undefined ? state.cwd : cwd, this.index));
  }

  /** Where a target really is once the links this command created before it are followed. */
  throughLinks(target: ResolvedTarget): ResolvedTarget {
    const absolute = targetPath(target, this.env.root);
    if (absolute === undefined || this.links.size === 0) return target;
    let real = absolute;
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const next = this.linkedPath(real);
      if (next === undefined) break;
      real = next;
    }
    if (real === absolute) return target;
    const relative = relativeToRoot(this.env.root, real);
    const through: RealPath =
      relative === undefined
        ? { where: 'outside', path: real }
        : { where: 'repo', path: relative === '' ? '.' : relative };
    return { ...target, through: [...(target.through ?? []), through] };
  }

  /** The path with its longest prefix that is a link created earlier replaced by its target. */
  linkedPath(absolute: string): string | undefined {
    for (let prefix = absolute; prefix !== '/'; prefix = posix.dirname(prefix)) {
      const to = this.links.get(prefix);
      if (to !== undefined) return posix.join(to, absolute.slice(prefix.length));
    }
    return undefined;
  }

  write(
    via: WriteVia,
    target: ResolvedTarget,
    span: CommandSpan,
    deletes = false,
    recursive = false,
    linkTo?: ResolvedTarget,
  ): void {
    this.actions.push({
      type: 'write',
      via,
      deletes,
      recursive,
      target,
      ...(linkTo ? { linkTo } : {}),
      span,
    });
  }

  // ------------------------------------------------------------------------------------------
  // Simple commands

  /** Analyses one simple command and returns its argv (as far as known). */
  command(
    node: Command,
    state: ShellState,
    map: SpanMap,
    depth: number,
    pipedFrom: string | undefined,
  ): string[] | undefined {
    const span = map({ start: node.pos, end: node.end });
    if (!this.budget(1, 0, span)) return undefined;
    for (const item of node.prefix) {
      if (item.type === 'Assignment' && item.value.type === 'Word')
        this.substitutions(item.value, state, map, depth);
    }
    this.substitutions(node.name, state, map, depth);
    for (const arg of node.suffix) {
      if (arg.type === 'Word') this.substitutions(arg, state, map, depth);
      else if (arg.type === 'Assignment' && arg.value.type === 'Word')
        this.substitutions(arg.value, state, map, depth);
      else if (arg.type === 'Redirect') this.substitutions(arg.target, state, map, depth);
    }

    const scope = this.scope(state, map);
    const assignments = node.prefix.filter((p) => p.type === 'Assignment');
    const commandEnv: { name: string; value: WordValue | undefined }[] = [];
    for (const assignment of assignments) {
      const value =
        assignment.value.type === 'Word' ? wordValue(assignment.value, scope) : undefined;
      this.actions.push({
        type: 'env',
        name: assignment.name,
        value: value && !value.dynamic ? value.text : undefined,
        span,
      });
      commandEnv.push({ name: assignment.name, value });
    }
    if (!node.name) {
      // `X=1` on its own: a shell variable for the commands that follow.
      for (const { name, value } of commandEnv) {
        if (value) state.vars.set(name, value);
        else state.vars.delete(name);
      }
      this.redirects(node.redirects, state, map, depth, undefined, span);
      return undefined;
    }

    const words = [node.name, ...node.suffix.filter(isWord)];
    const args = this.args(words, state, map);
    const argv = args.map((a) => a.value.text);
    this.programs.push({ argv, span });
    this.redirects(node.redirects, state, map, depth, argv, span);
    this.program(args, node, state, map, depth, span, pipedFrom);
    return argv;
  }

  redirects(
    redirects: readonly Redirection[],
    state: ShellState,
    map: SpanMap,
    depth: number,
    argv: string[] | undefined,
    commandSpan?: CommandSpan,
  ): void {
    const program = argv ? effectiveProgram(argv) : undefined;
    for (const redirect of redirects) {
      if (redirect.type === 'Redirect') {
        const op = redirect.operator;
        if (op === '<' || op === '<&' || !redirect.target) continue;
        const value = wordValue(redirect.target, this.scope(state, map));
        if (op === '>&' && /^(\d+|-)$/.test(value.text)) continue;
        if (
          value.text === '/dev/null' ||
          value.text.startsWith('/dev/fd/') ||
          value.text === '/dev/stdout' ||
          value.text === '/dev/stderr'
        )
          continue;
        this.write(
          'redirect',
          this.target(value, state),
          commandSpan ?? map({ start: redirect.pos, end: redirect.end }),
        );
      } else if (program && (SHELLS.has(program) || program === 'source' || program === '.')) {
        this.stdinScript(redirect, state, map, depth);
      } else if (
        program &&
        CODE_FLAGS[program] &&
        argv &&
        !argv.slice(1).some((a) => !a.startsWith('-'))
      ) {
        const code =
          redirect.type === 'HereDoc' ? redirect.body.text : (redirect.target?.value ?? '');
        this.scriptCode(program, code, state, map({ start: redirect.pos, end: redirect.end }));
      }
    }
  }

  /** A heredoc or herestring fed to a shell is a script in its own right. */
  stdinScript(
    redirect: HereDoc | HereString,
    state: ShellState,
    map: SpanMap,
    depth: number,
  ): void {
    if (redirect.type === 'HereDoc') {
      const bodyStart = redirect.body.pos;
      this.parseNested(
        redirect.body.text,
        clone(state),
        (s) => map({ start: s.start + bodyStart, end: s.end + bodyStart }),
        depth,
      );
      return;
    }
    if (!redirect.target) return;
    const value = wordValue(redirect.target, this.scope(state, map));
    const whole = map({ start: redirect.pos, end: redirect.end });
    if (value.dynamic) {
      const fetcher = this.fetchedIn(redirect.target);
      if (fetcher)
        this.actions.push({ type: 'pipe-to-shell', fetcher, interpreter: 'bash', span: whole });
      return;
    }
    this.parseNested(value.text, clone(state), () => whole, depth);
  }

  scriptCode(interpreter: string, code: string, state: ShellState, span: CommandSpan): void {
    for (const found of scriptWrites(interpreter, code)) {
      const value: WordValue = {
        text: found.path,
        pattern: found.path,
        dynamic: false,
        glob: false,
      };
      this.write('script', this.target(value, state), span, found.deletes, found.deletes);
    }
  }

  program(
    args: Arg[],
    node: Command,
    state: ShellState,
    map: SpanMap,
    depth: number,
    span: CommandSpan,
    pipedFrom: string | undefined,
  ): void {
    const unwrapped = this.unwrap(args, state, span);
    if (!unwrapped) return;
    const { rest, cwd } = unwrapped;
    const first = rest[0];
    if (!first) return;
    const name = programName(first.value.text);
    const operands = rest.slice(1);
    const at = (value: WordValue): ResolvedTarget => this.target(value, state, cwd);

    if (
      pipedFrom &&
      INTERPRETERS.has(name) &&
      readsStdin(
        name,
        operands.map((o) => o.value.text),
      )
    ) {
      this.actions.push({ type: 'pipe-to-shell', fetcher: pipedFrom, interpreter: name, span });
    }

    switch (name) {
      case 'cd':
      case 'pushd': {
        const dir = operands.find((o) => !o.value.text.startsWith('-') || o.value.text === '-');
        if (!dir) state.cwd = this.env.home;
        else if (dir.value.dynamic || dir.value.glob || dir.value.text === '-')
          state.cwd = undefined;
        else
          state.cwd =
            state.cwd === undefined && !posix.isAbsolute(dir.value.text)
              ? undefined
              : posix.resolve(state.cwd ?? '/', dir.value.text);
        return;
      }
      case 'popd':
        state.cwd = undefined;
        return;
      case 'export':
      case 'declare':
      case 'typeset':
      case 'local':
      case 'readonly': {
        for (const item of node.suffix) {
          if (item.type !== 'Assignment') continue;
          const value =
            item.value.type === 'Word' ? wordValue(item.value, this.scope(state, map)) : undefined;
          this.actions.push({
            type: 'env',
            name: item.name,
            value: value && !value.dynamic ? value.text : undefined,
            span,
          });
          if (value) state.vars.set(item.name, value);
        }
        return;
      }
      case 'unset':
        for (const operand of operands) state.vars.delete(operand.value.text);
        return;
      case 'eval':
      case 'source':
      case '.': {
        const words = node.suffix.filter(isWord);
        const fetcher = words.map((w) => this.fetchedIn(w)).find(Boolean);
        if (fetcher) {
          this.actions.push({ type: 'pipe-to-shell', fetcher, interpreter: name, span });
          return;
        }
        if (name === 'eval' && operands.length && !operands.some((o) => o.value.dynamic)) {
          this.parseNested(operands.map((o) => o.value.text).join(' '), state, () => span, depth);
        }
        return;
      }
      case 'git':
        this.git(operands, state, span, cwd);
        return;
      case 'kill':
      case 'pkill':
      case 'killall': {
        const targets = operands.map((o) => o.value.text).filter((t) => !t.startsWith('-'));
        // `pgrep charter | xargs kill`: the processes come from the pipe.
        if (this.pipedText !== undefined && args[0]?.value.text === 'xargs')
          targets.push(this.pipedText);
        this.actions.push({ type: 'kill', program: name, targets, span });
        return;
      }
    }
    const charter = charterArguments(rest.map((a) => a.value.text));
    if (charter) {
      this.actions.push({ type: 'charter', args: charter, span });
      return;
    }
    if (SHELLS.has(name) || CODE_FLAGS[name] || name === 'perl') {
      // `bash <(curl …)`, `python3 <(wget -O- …)`: the program is downloaded as it runs.
      const fetcher = node.suffix
        .filter(isWord)
        .filter((w) => w.parts?.some((p) => p.type === 'ProcessSubstitution'))
        .map((w) => this.fetchedIn(w))
        .find(Boolean);
      if (fetcher) {
        this.actions.push({ type: 'pipe-to-shell', fetcher, interpreter: name, span });
        return;
      }
    }
    if (SHELLS.has(name)) {
      this.shell(name, operands, node, state, depth, span);
      return;
    }
    if (CODE_FLAGS[name] || name === 'perl') {
      this.interpreter(name, operands, state, span, cwd);
      return;
    }
    this.fileProgram(name, operands, span, at);
  }

  /** Strips sudo, env, nice, timeout, xargs and friends; returns the command they run. */
  unwrap(
    args: Arg[],
    state: ShellState,
    span: CommandSpan,
  ): { rest: Arg[]; cwd: string | undefined } | undefined {
    let rest = args;
    let cwd = state.cwd;
    for (let guard = 0; guard < 8; guard++) {
      const first = rest[0];
      if (!first) return undefined;
      const name = programName(first.value.text);
      const withValue = WRAPPERS[name];
      if (withValue === undefined) break;
      let i = 1;
      if (
        name === 'command' &&
        rest.slice(1).some((a) => a.value.text === '-v' || a.value.text === '-V')
      )
        return undefined;
      for (; i < rest.length; i++) {
        const text = (rest[i] as Arg).value.text;
        if (text === '--') {
          i++;
          break;
        }
        if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) {
          const eq = text.indexOf('=');
          const value = (rest[i] as Arg).value;
          this.actions.push({
            type: 'env',
            name: text.slice(0, eq),
            value: value.dynamic ? undefined : text.slice(eq + 1),
            span,
          });
          continue;
        }
        if (!text.startsWith('-') || text === '-') break;
        const flag = text.startsWith('--') ? (text.split('=')[0] ?? text) : text.slice(0, 2);
        const takesValue =
          withValue.includes(flag) &&
          !text.includes('=') &&
          (text.startsWith('--') || text.length === 2);
        if (
          (name === 'env' && (flag === '-C' || flag === '--chdir')) ||
          (name === 'sudo' && (flag === '-D' || flag === '--chdir'))
        ) {
          const dir = takesValue
            ? rest[i + 1]?.value
            : {
                ...(rest[i] as Arg).value,
                text: text.includes('=') ? text.slice(text.indexOf('=') + 1) : text.slice(2),
              };
          cwd = dir && !dir.dynamic ? posix.resolve(cwd ?? '/', dir.text) : undefined;
        }
        if (takesValue) i++;
      }
      // timeout and nice take a positional before the command.
      if ((name === 'timeout' || name === 'watch') && i < rest.length) i++;
      rest = rest.slice(i);
      if (name === 'xargs' && rest.length > 0) {
        const unknown: WordValue = { text: '', pattern: '*', dynamic: true, glob: false };
        rest = [...rest, { value: unknown, span }];
      }
    }
    return { rest, cwd };
  }

  shell(
    name: string,
    operands: Arg[],
    node: Command,
    state: ShellState,
    depth: number,
    span: CommandSpan,
  ): void {
    const c = operands.findIndex((o) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(o.value.text));
    if (c < 0) return;
    const script = operands[c + 1];
    if (!script) return;
    if (script.value.dynamic) {
      const fetcher = node.suffix
        .filter(isWord)
        .map((w) => this.fetchedIn(w))
        .find(Boolean);
      if (fetcher) this.actions.push({ type: 'pipe-to-shell', fetcher, interpreter: name, span });
      return;
    }
    this.parseNested(script.value.text, clone(state), () => span, depth);
  }

  interpreter(
    name: string,
    operands: Arg[],
    state: ShellState,
    span: CommandSpan,
    cwd: string | undefined,
  ): void {
    if (name === 'perl') {
      let inPlace = false;
      let code: string | undefined;
      let i = 0;
      for (; i < operands.length; i++) {
        const text = (operands[i] as Arg).value.text;
        if (text === '--') {
          i++;
          break;
        }
        if (!text.startsWith('-') || text === '-') break;
        for (let j = 1; j < text.length; j++) {
          const flag = text[j];
          if (flag === 'i') {
            inPlace = true;
            break;
          }
          if (flag === 'e' || flag === 'E') {
            code = j < text.length - 1 ? text.slice(j + 1) : operands[++i]?.value.text;
            break;
          }
          if (
            flag === 'M' ||
            flag === 'm' ||
            flag === 'I' ||
            flag === 'x' ||
            flag === 'l' ||
            flag === '0' ||
            flag === 'F' ||
            flag === 'C' ||
            flag === 'd' ||
            flag === 'D' ||
            flag === 'V'
          )
            break;
        }
      }
      let files = operands.slice(i);
      if (code === undefined) files = files.slice(1); // the script file
      if (inPlace)
        for (const file of files) this.write('perl -i', this.target(file.value, state, cwd), span);
      if (code !== undefined) this.scriptCode('perl', code, { ...state, cwd }, span);
      return;
    }
    const flags = CODE_FLAGS[name] ?? [];
    for (let i = 0; i < operands.length; i++) {
      const text = (operands[i] as Arg).value.text;
      const inline = flags.find((f) => text.startsWith(`${f}=`));
      if (flags.includes(text) || inline) {
        const code = inline ? text.slice(inline.length + 1) : operands[i + 1]?.value.text;
        if (code !== undefined) this.scriptCode(name, code, { ...state, cwd }, span);
        return;
      }
      if (!text.startsWith('-')) return; // a script file: its contents are not known here
    }
  }

  git(operands: Arg[], state: ShellState, span: CommandSpan, cwd: string | undefined): void {
    const invocation = parseGit(operands.map((o) => o.value.text));
    if (!invocation) return;
    let gitCwd = cwd;
    for (const dir of invocation.chdir)
      gitCwd =
        gitCwd === undefined && !posix.isAbsolute(dir)
          ? undefined
          : posix.resolve(gitCwd ?? '/', dir);
    const known = (arg: string): boolean => {
      if (gitCwd === undefined) return false;
      const relative = relativeToRoot(this.env.root, posix.resolve(gitCwd, arg));
      return (
        relative !== undefined &&
        (relative === '' || this.index.fileSet.has(relative) || this.index.isDirectory(relative))
      );
    };
    const { actions, writes } = gitActions(invocation, span, known);
    for (const action of actions) {
      if (
        action.type === 'git-push' &&
        !action.mirror &&
        action.branches.length === 0 &&
        this.env.branch
      ) {
        action.branches.push(this.env.branch);
      }
      this.actions.push(action);
    }
    for (const write of writes) this.gitWrite(write, gitCwd, span);
  }

  gitWrite(write: GitPathWrite, cwd: string | undefined, span: CommandSpan): void {
    for (const pathspec of write.paths) {
      const glob = /[*?[]/.test(pathspec);
      const value: WordValue = { text: pathspec, pattern: pathspec, dynamic: false, glob };
      let target = resolveTarget(value, cwd, this.index);
      if (write.onlyChanged && target.where !== 'unknown') {
        const named = target.where === 'repo' && this.index.fileSet.has(target.path);
        if (!named)
          target = { ...target, matches: target.matches.filter((file) => this.changed.has(file)) };
      }
      this.write(write.via, target, span, write.deletes, write.deletes);
    }
  }

  fileProgram(
    name: string,
    operands: Arg[],
    span: CommandSpan,
    at: (value: WordValue) => ResolvedTarget,
  ): void {
    const spec = FILE_PROGRAMS[name];
    if (!spec) {
      if (name === 'find') this.find(operands, span, at);
      else if (name === 'dd') {
        for (const operand of operands) {
          if (operand.value.text.startsWith('of=')) {
            const value = {
              ...operand.value,
              text: operand.value.text.slice(3),
              pattern: operand.value.pattern.replace(/^of=/, ''),
            };
            this.write('dd', at(value), span);
          }
        }
      }
      return;
    }
    const { flags, positionals } = options(operands, spec.withValue);
    const recursive = flags.some(
      (f) =>
        /^-[a-zA-Z]*[rR]/.test(f) ||
        f === '--recursive' ||
        (name === 'cp' && /^-[a-zA-Z]*a/.test(f)) ||
        f === '--archive',
    );
    const targetDir = flagValue(operands, ['-t', '--target-directory']);
    switch (name) {
      case 'rm':
      case 'rmdir':
      case 'unlink':
        for (const p of positionals)
          this.write(name, at(p.value), span, true, recursive || name === 'rmdir');
        return;
      case 'shred': {
        const deletes = flags.some((f) => /^-[a-zA-Z]*u/.test(f) || f === '--remove');
        for (const p of positionals) this.write('shred', at(p.value), span, deletes);
        return;
      }
      case 'tee':
      case 'truncate':
      case 'touch':
        for (const p of positionals) this.write(name, at(p.value), span);
        return;
      case 'sed': {
        const inPlace = flags.some(
          (f) => f === '--in-place' || f.startsWith('--in-place=') || /^-[a-zA-Z]*i/.test(f),
        );
        if (!inPlace) return;
        const scriptGiven = flags.some(
          (f) =>
            /^-[a-zA-Z]*[ef]/.test(f.replace(/i.*$/, '')) ||
            f.startsWith('--expression') ||
            f.startsWith('--file'),
        );
        let files = scriptGiven ? positionals : positionals.slice(1);
        if (!scriptGiven && positionals[0]?.value.text === '') files = positionals.slice(2);
        for (const p of files) this.write('sed -i', at(p.value), span);
        return;
      }
      case 'chmod':
      case 'chown':
      case 'chgrp': {
        const reference = flags.some((f) => f.startsWith('--reference'));
        // `chmod -x file`: a symbolic mode that starts with "-" is the mode, not an option.
        const dashMode = name === 'chmod' && flags.some((f) => /^-[rwxXst]+$/.test(f));
        const files = reference || dashMode ? positionals : positionals.slice(1);
        for (const p of files)
          this.write(name === 'chmod' ? 'chmod' : 'chown', at(p.value), span, false, recursive);
        return;
      }
      case 'cp':
      case 'mv':
      case 'install':
      case 'ln':
      case 'rsync': {
        const via = name as WriteVia;
        if (name === 'install' && flags.some((f) => /^-[a-zA-Z]*d/.test(f))) {
          for (const p of positionals) this.write('install', at(p.value), span);
          return;
        }
        let sources = positionals;
        let destination: Arg | undefined;
        if (targetDir) destination = targetDir;
        else if (positionals.length >= 2 || (name === 'ln' && positionals.length === 1)) {
          if (name === 'ln' && positionals.length === 1) {
            destination = { value: { text: '.', pattern: '.', dynamic: false, glob: false }, span };
          } else {
            destination = positionals[positionals.length - 1];
            sources = positionals.slice(0, -1);
          }
        }
        if (!destination) return;
        if (name === 'rsync' && /^[^/]*:/.test(destination.value.text)) return; // a remote host
        const noTargetDir = flags.includes('-T') || flags.includes('--no-target-directory');
        const dest = at(destination.value);
        const intoDir =
          !noTargetDir &&
          (Boolean(targetDir) ||
            sources.length > 1 ||
            destination.value.text.endsWith('/') ||
            (dest.where === 'repo' && this.index.isDirectory(dest.path === '.' ? '' : dest.path)));
        for (const source of sources) {
          if (name === 'mv') this.write('mv', at(source.value), span, true, true);
          if (name === 'ln' && !intoDir) {
            this.link(source.value, dest, flags, span, at);
            break;
          }
          if (intoDir) {
            const base = posix.basename(source.value.text.replace(/\/+$/, ''));
            const joined: WordValue = {
              text: posix.join(destination.value.text, base),
              pattern: `${destination.value.pattern.replace(/\/+$/, '')}/${source.value.glob || source.value.dynamic ? '*' : base}`,
              dynamic: destination.value.dynamic || source.value.dynamic,
              glob: destination.value.glob || source.value.glob,
            };
            if (name === 'ln') this.link(source.value, at(joined), flags, span, at);
            else this.write(via, at(joined), span, false, recursive || name === 'mv');
          } else if (name !== 'ln') {
            this.write(via, dest, span, false, recursive || name === 'mv');
            break;
          }
        }
        return;
      }
    }
  }

  /**
   * `ln [-s] SOURCE LINK`: writes LINK, and remembers where it points so that later parts of
   * the command that write through it are followed to the real file. A symbolic link's
   * relative source is relative to the link's folder (`-r`: to the working directory).
   */
  link(
    source: WordValue,
    link: ResolvedTarget,
    flags: readonly string[],
    span: CommandSpan,
    at: (value: WordValue) => ResolvedTarget,
  ): void {
    const symbolic = flags.some((f) => f === '--symbolic' || /^-[a-zA-Z]*s/.test(f));
    const fromCwd = flags.some((f) => f === '--relative' || /^-[a-zA-Z]*r/.test(f));
    const linkPath = targetPath(link, this.env.root);
    let linkTo: ResolvedTarget | undefined;
    if (!symbolic || fromCwd || posix.isAbsolute(source.text)) linkTo = at(source);
    else if (linkPath !== undefined)
      linkTo = this.throughLinks(resolveTarget(source, posix.dirname(linkPath), this.index));
    this.write('ln', link, span, false, false, linkTo);
    const real = linkTo ? realPath(linkTo, this.env.root) : undefined;
    if (linkPath !== undefined && real !== undefined) this.links.set(linkPath, real);
  }

  find(operands: Arg[], span: CommandSpan, at: (value: WordValue) => ResolvedTarget): void {
    const starts: Arg[] = [];
    let i = 0;
    for (; i < operands.length; i++) {
      const text = (operands[i] as Arg).value.text;
      if (text === '-H' || text === '-L' || text === '-P') continue;
      if (text.startsWith('-') || text === '(' || text === '!') break;
      starts.push(operands[i] as Arg);
    }
    const rest = operands.slice(i).map((o) => o.value.text);
    const deletes = rest.includes('-delete');
    const exec = rest.findIndex(
      (t) => t === '-exec' || t === '-execdir' || t === '-ok' || t === '-okdir',
    );
    const execProgram = exec >= 0 ? programName(rest[exec + 1] ?? '') : undefined;
    const writes = execProgram !== undefined && WRITING_PROGRAMS.has(execProgram);
    if (!deletes && !writes) return;
    const roots = starts.length
      ? starts
      : [{ value: { text: '.', pattern: '.', dynamic: false, glob: false }, span }];
    const removing = deletes || execProgram === 'rm' || execProgram === 'unlink';
    for (const root of roots) this.write('find -delete', at(root.value), span, removing, true);
  }
}

const WRITING_PROGRAMS = new Set([
  'rm',
  'unlink',
  'mv',
  'cp',
  'sed',
  'perl',
  'tee',
  'truncate',
  'chmod',
  'chown',
  'shred',
  'touch',
  'ln',
]);

/** Wrappers that run another command, with the options that take a value. */
const WRAPPERS: Record<string, string[]> = {
  sudo: [
    '-u',
    '-g',
    '-C',
    '-D',
    '-h',
    '-p',
    '-r',
    '-t',
    '-U',
    '--user',
    '--group',
    '--chdir',
    '--prompt',
    '--host',
    '--role',
    '--type',
    '--other-user',
    '--close-from',
  ],
  doas: ['-u', '-C'],
  env: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'],
  nohup: [],
  setsid: [],
  time: [],
  exec: ['-a'],
  command: [],
  builtin: [],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '-n', '-p', '--class', '--classdata'],
  stdbuf: ['-i', '-o', '-e', '--input', '--output', '--error'],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
  watch: ['-n', '-d', '--interval'],
  xargs: [
    '-I',
    '-i',
    '-n',
    '-P',
    '-d',
    '-a',
    '-E',
    '-L',
    '-s',
    '--max-args',
    '--max-procs',
    '--delimiter',
    '--arg-file',
    '--replace',
    '--max-lines',
    '--max-chars',
    '--eof',
  ],
  chronic: [],
};

interface FileProgramSpec {
  withValue: string[];
}

const FILE_PROGRAMS: Record<string, FileProgramSpec> = {
  rm: { withValue: [] },
  rmdir: { withValue: [] },
  unlink: { withValue: [] },
  shred: { withValue: ['-n', '-s', '--iterations', '--size', '--random-source'] },
  tee: { withValue: ['--output-error'] },
  truncate: { withValue: ['-s', '-r', '--size', '--reference'] },
  touch: { withValue: ['-d', '-t', '-r', '--date', '--reference', '--time'] },
  sed: { withValue: ['-e', '-f', '-l', '--expression', '--file', '--line-length'] },
  chmod: { withValue: [] },
  chown: { withValue: [] },
  chgrp: { withValue: [] },
  cp: {
    withValue: ['-t', '-S', '--target-directory', '--suffix', '--backup', '--reflink', '--sparse'],
  },
  mv: { withValue: ['-t', '-S', '--target-directory', '--suffix', '--backup'] },
  install: {
    withValue: [
      '-t',
      '-S',
      '-m',
      '-o',
      '-g',
      '--target-directory',
      '--suffix',
      '--mode',
      '--owner',
      '--group',
    ],
  },
  ln: { withValue: ['-t', '-S', '--target-directory', '--suffix'] },
  rsync: {
    withValue: [
      '-e',
      '--rsh',
      '--exclude',
      '--include',
      '--filter',
      '--files-from',
      '--rsync-path',
      '--chmod',
      '--log-file',
      '--password-file',
      '--port',
    ],
  },
};

function options(
  operands: Arg[],
  withValue: readonly string[],
): { flags: string[]; positionals: Arg[] } {
  const flags: string[] = [];
  const positionals: Arg[] = [];
  for (let i = 0; i < operands.length; i++) {
    const arg = operands[i] as Arg;
    const text = arg.value.text;
    if (text === '--') {
      positionals.push(...operands.slice(i + 1));
      break;
    }
    if (text.startsWith('-') && text.length > 1 && !arg.value.dynamic) {
      flags.push(text);
      const flag = text.startsWith('--') ? (text.split('=')[0] ?? text) : text.slice(0, 2);
      if (
        withValue.includes(flag) &&
        !text.includes('=') &&
        (text.startsWith('--') || text.length === 2)
      )
        i++;
      continue;
    }
    positionals.push(arg);
  }
  return { flags, positionals };
}

function flagValue(operands: Arg[], names: readonly string[]): Arg | undefined {
  for (let i = 0; i < operands.length; i++) {
    const arg = operands[i] as Arg;
    const text = arg.value.text;
    for (const name of names) {
      if (text === name) return operands[i + 1];
      if (name.startsWith('--') && text.startsWith(`${name}=`)) {
        const value = text.slice(name.length + 1);
        return {
          ...arg,
          value: { ...arg.value, text: value, pattern: arg.value.pattern.slice(name.length + 1) },
        };
      }
      if (
        !name.startsWith('--') &&
        text.startsWith(name) &&
        text.length > 2 &&
        !text.startsWith('--')
      ) {
        return {
          ...arg,
          value: { ...arg.value, text: text.slice(2), pattern: arg.value.pattern.slice(2) },
        };
      }
    }
  }
  return undefined;
}

/** The program a command line runs once wrappers (sudo, env, …) are stripped. */
function effectiveProgram(argv: readonly string[]): string | undefined {
  let i = 0;
  for (let guard = 0; guard < 8 && i < argv.length; guard++) {
    const name = programName(argv[i] as string);
    const withValue = WRAPPERS[name];
    if (withValue === undefined) return name;
    i++;
    while (i < argv.length) {
      const text = argv[i] as string;
      if (text === '--') {
        i++;
        break;
      }
      if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) {
        i++;
        continue;
      }
      if (!text.startsWith('-')) break;
      const flag = text.startsWith('--') ? (text.split('=')[0] ?? text) : text.slice(0, 2);
      i +=
        withValue.includes(flag) &&
        !text.includes('=') &&
        (text.startsWith('--') || text.length === 2)
          ? 2
          : 1;
    }
    if (name === 'timeout' || name === 'watch') i++;
  }
  return argv[i] !== undefined ? programName(argv[i] as string) : undefined;
}

/** Package runners that start a package's program: `npx charter …`, `pnpm exec charter …`. */
const RUNNERS: Record<string, string[]> = {
  npx: [],
  pnpx: [],
  bunx: [],
  npm: ['exec', 'x'],
  pnpm: ['exec', 'dlx'],
  yarn: ['exec', 'dlx'],
};

const CHARTER_PACKAGE = /^(?:charter|agent-charter)(?:@[^/]*)?$/;
const CHARTER_SCRIPT = /(?:^|\/)(?:charter|charter\.js)$/;

/**
 * The arguments of Charter's own command line, when argv runs it: directly, through a package
 * runner, or as `node …/charter.js`. Undefined for any other program.
 */
function charterArguments(argv: readonly string[]): string[] | undefined {
  const name = programName(argv[0] ?? '');
  if (name === 'charter' || name === 'charter.js') return argv.slice(1);
  if (name === 'node' || name === 'nodejs') {
    const script = argv.slice(1).findIndex((a) => !a.startsWith('-'));
    const file = argv[script + 1];
    return script >= 0 && file !== undefined && CHARTER_SCRIPT.test(file)
      ? argv.slice(script + 2)
      : undefined;
  }
  const runner = RUNNERS[name];
  if (!runner) return undefined;
  let i = 1;
  if (runner.length > 0) {
    // `pnpm charter …` runs the package's binary too; `npm exec` needs its subcommand.
    if (runner.includes(argv[1] ?? '')) i = 2;
    else if (name === 'npm') return undefined;
  }
  while (i < argv.length && (argv[i] as string).startsWith('-')) i++;
  return CHARTER_PACKAGE.test(argv[i] ?? '') ? argv.slice(i + 1) : undefined;
}

/** Does an interpreter read its program from standard input (no script or code argument)? */
function readsStdin(name: string, operands: readonly string[]): boolean {
  if (name === 'source' || name === '.' || name === 'eval') return false;
  for (let i = 0; i < operands.length; i++) {
    const text = operands[i] as string;
    if (text === '-' || text === '-s') return true;
    if (text === '--') return operands.length === i + 1 || SHELLS.has(name);
    if (text.startsWith('-')) {
      if (/^-[a-zA-Z]*c/.test(text) && SHELLS.has(name)) return false;
      if (['-c', '-e', '-E', '-r', '--eval', '-p', '--print'].includes(text)) return false;
      if (['-o', '-O', '-W', '-m', '-X'].includes(text)) i++;
      continue;
    }
    return false; // a script file
  }
  return true;
}

function isWord(item: { type: string }): item is Word {
  return item.type === 'Word';
}

function clone(state: ShellState): ShellState {
  return { cwd: state.cwd, vars: new Map(state.vars) };
}

/** What a proposed shell command does, from its syntax tree. Pure: runs nothing. */
export function analyzeCommand(source: string, env: CommandEnvironment): CommandFacts {
  const analyzer = new Analyzer(source, env);
  analyzer.script(parse(source), { cwd: env.cwd, vars: new Map() }, (span) => span, 0);
  const relativeCwd = relativeToRoot(env.root, env.cwd);
  return {
    source,
    cwd: relativeCwd === undefined ? env.cwd : relativeCwd === '' ? '.' : relativeCwd,
    actions: analyzer.actions,
    programs: analyzer.programs,
    errors: analyzer.errors,
  };
}
