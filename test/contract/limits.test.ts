import { describe, expect, it } from 'vitest';
import {
  CONTRACT_MAX_BYTES,
  CONTRACT_MAX_GLOBS,
  CONTRACT_MAX_VALUES,
  invalidUtf8Offset,
} from '../../src/contract/limits.js';
import { loadContract } from '../../src/contract/load.js';
import { ContractError } from '../../src/contract/problems.js';
import { runBin } from '../helpers/bin.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { expectNoStack, parseReport } from '../engine/fixtures.js';

const HINT =
  '  hint: fix each problem at the line shown; the schema is in schema/charter.schema.json (`charter schema`)';

/** Exit 2, nothing on stdout, exactly this one problem under the coded head. */
function expectRefused(
  run: { code: number | null; stdout: string; stderr: string },
  problem: string,
): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.replace(/^charter: checking \d+ files…\n/, '')).toBe(
    [
      'charter: error [contract/invalid] charter.yaml is not a valid contract (1 problem)',
      `  charter.yaml:${problem}`,
      HINT,
      '',
    ].join('\n'),
  );
  expectNoStack(run.stderr);
}

function globList(key: string, count: number, prefix = 'p'): string {
  return `${key}:\n${Array.from({ length: count }, (_, i) => `  - '${prefix}${i}/**'`).join('\n')}\n`;
}

/** A repository whose committed contract protects secret/**, with secret/key then changed. */
function protectedChange(contract: Buffer): ReturnType<typeof makeRepo> {
  const repo = makeRepo({
    'charter.yaml': contract,
    'secret/key': 'one\n',
    'src/a.ts': 'export const a = 1;\n',
  });
  repo.commit('base');
  repo.write({ 'secret/key': 'two\n' });
  return repo;
}

const LATIN1_CONTRACT = Buffer.from(
  "version: 1\n# Vertrag für das Café-Team\nprotect: ['secret/**']\n",
  'latin1',
);

describe('contract size', () => {
  it('#6: 300,000 protect globs are refused as too large, at once and without running out of memory', async () => {
    const contract = `version: 1\n${globList('protect', 300_000)}`;
    const bytes = Buffer.byteLength(contract);
    expect(bytes).toBeGreaterThan(CONTRACT_MAX_BYTES);
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    const run = await runBin(['check'], repo.root, { killAfterMs: 30_000 });
    expectRefused(
      run,
      `1:1 (file): the contract is ${bytes} bytes; a contract may be at most 1048576 bytes (1 MiB)`,
    );
    // bd73598 parsed and compiled every glob: 49 s and 1.3 GB here, a V8 abort (134) elsewhere.
    expect(run.ms).toBeLessThan(15_000);
  }, 70_000);

  it('more globs than the limit in a file under the size limit: refused at the list that crosses it', async () => {
    const contract = `version: 1\n${globList('include', 6_000, 'i')}${globList('exclude', CONTRACT_MAX_GLOBS - 6_000 + 1, 'e')}`;
    expect(Buffer.byteLength(contract)).toBeLessThan(CONTRACT_MAX_BYTES);
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'x\n' });
    expectRefused(
      await runCharter(['check'], repo.root),
      '6003:1 exclude: the contract has more than 10000 globs (include, exclude, protect, waivers, sources, planes, verify and productionGated together); a contract may have at most 10000',
    );
  });

  it('exactly the limit of globs is a valid contract', () => {
    const contract = `version: 1\n${globList('include', 5_000, 'i')}${globList('protect', CONTRACT_MAX_GLOBS - 5_000, 'p')}`;
    const loaded = loadContract({ file: 'charter.yaml', text: contract });
    expect((loaded.data.include?.length ?? 0) + (loaded.data.protect?.length ?? 0)).toBe(
      CONTRACT_MAX_GLOBS,
    );
  });

  it('more values than the limit (a list in rule options): refused at the root', async () => {
    const items = Array.from({ length: CONTRACT_MAX_VALUES }, () => '0').join(',');
    const contract = `version: 1\nrules:\n  custom/pattern: { severity: error, options: { patterns: [${items}] } }\n`;
    expect(Buffer.byteLength(contract)).toBeLessThan(CONTRACT_MAX_BYTES);
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'x\n' });
    expectRefused(
      await runCharter(['check'], repo.root),
      '1:1 (root): the contract has more than 100000 keys, values and list items; a contract may have at most 100000',
    );
  });

  it('the size limit holds for text given to loadContract directly', () => {
    const text = `version: 1\n# ${'x'.repeat(CONTRACT_MAX_BYTES)}\n`;
    expect(() => loadContract({ file: 'charter.yaml', text })).toThrow(ContractError);
    try {
      loadContract({ file: 'charter.yaml', text });
    } catch (error) {
      expect((error as ContractError).problems).toEqual([
        {
          path: '(file)',
          message: `the contract is ${text.length} bytes; a contract may be at most 1048576 bytes (1 MiB)`,
          span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
        },
      ]);
    }
  });
});

describe('contract encoding', () => {
  it('#17: a Latin-1 contract is refused at the first byte that is not UTF-8 (bd73598: exit 0)', async () => {
    const repo = protectedChange(LATIN1_CONTRACT);
    expectRefused(
      await runCharter(['check'], repo.root),
      '2:12 (file): the contract is not UTF-8: byte 0xFC at line 2, column 12 is not valid UTF-8; save it as UTF-8',
    );
  });

  it('#17 control: the same contract in UTF-8 protects secret/**', async () => {
    const repo = protectedChange(Buffer.from(LATIN1_CONTRACT.toString('latin1'), 'utf8'));
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(parseReport(run).findings.map((f) => `${f.code} ${f.location.file}`)).toEqual([
      'charter/protected-path secret/key',
    ]);
  });

  it('#17 from a revision: the base contract of --base is decoded strictly too', async () => {
    const repo = makeRepo({ 'charter.yaml': LATIN1_CONTRACT, 'src/a.ts': 'x\n' });
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'src/a.ts': 'y\n' });
    repo.commit('change');
    expectRefused(
      await runCharter(['check', '--base', 'main'], repo.root),
      '2:12 (file): the contract is not UTF-8: byte 0xFC at line 2, column 12 is not valid UTF-8; save it as UTF-8',
    );
  });

  it('a UTF-8 byte order mark is accepted, and positions are counted after it', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const repo = protectedChange(
      Buffer.concat([bom, Buffer.from("version: 1\nprotect: ['secret/**']\n")]),
    );
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(parseReport(run).findings.map((f) => f.code)).toEqual(['charter/protected-path']);
    const invalid = makeRepo({ 'charter.yaml': Buffer.concat([bom, Buffer.from('version: 2\n')]) });
    expectRefused(
      await runCharter(['check'], invalid.root),
      '1:10 version: version must be 1, the only contract format there is',
    );
  });

  it('UTF-16 with a byte order mark is refused', async () => {
    const text = "version: 1\nprotect: ['secret/**']\n";
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expectRefused(
      await runCharter(['check'], protectedChange(utf16).root),
      '1:1 (file): the contract is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8',
    );
  });

  it('UTF-16 without a byte order mark is refused at its first NUL', async () => {
    const utf16 = Buffer.from("version: 1\nprotect: ['secret/**']\n", 'utf16le');
    expectRefused(
      await runCharter(['check'], protectedChange(utf16).root),
      '1:2 (file): the contract holds a NUL character (is it UTF-16?); save it as UTF-8 without NUL characters',
    );
  });

  it('text that was decoded lossily (U+FFFD) is refused; the escape "\\uFFFD" is not', () => {
    let problems: unknown;
    try {
      loadContract({ file: 'charter.yaml', text: "version: 1\nprotect: ['caf\uFFFD/**']\n" });
    } catch (error) {
      problems = (error as ContractError).problems;
    }
    expect(problems).toEqual([
      {
        path: '(file)',
        message:
          'the contract holds U+FFFD, the character put in place of bytes that are not UTF-8; save it as UTF-8 (write "\\uFFFD" in a double-quoted string if the character is meant)',
        span: { line: 2, column: 15, endLine: 2, endColumn: 16 },
      },
    ]);
    const escaped = loadContract({
      file: 'charter.yaml',
      text: 'version: 1\nprotect: ["caf\\uFFFD/**"]\n',
    });
    expect(escaped.data.protect).toEqual(['caf\uFFFD/**']);
  });

  it('invalidUtf8Offset finds the first byte of a malformed sequence', () => {
    const at = (...bytes: number[]): number => invalidUtf8Offset(Uint8Array.from(bytes));
    expect(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBe(10); // a é € 😀
    expect(at(0x61, 0xe9, 0x62)).toBe(1); // Latin-1 é
    expect(at(0xc0, 0x80)).toBe(0); // overlong NUL
    expect(at(0x61, 0xe0, 0x80, 0x80)).toBe(1); // overlong three-byte form
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // a UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // past U+10FFFF
    expect(at(0x61, 0x62, 0xe2, 0x82)).toBe(2); // cut short at the end
    expect(at(0x80)).toBe(0); // a continuation byte on its own
  });
});
