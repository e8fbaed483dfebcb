import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRegistry } from './registry.mjs';
import { replaceSection } from './readme-sections.mjs';
import { readFileSync } from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, 'src/rules/registry.ts'), renderRegistry(root));
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const { renderContractJsonSchema } = await import(path.join(root, 'dist/contract/json-schema.js'));
writeFileSync(path.join(root, 'schema/charter.schema.json'), renderContractJsonSchema());
const { renderReportJsonSchema } = await import(
  path.join(root, 'dist/engine/report-json-schema.js')
);
writeFileSync(path.join(root, 'schema/report.schema.json'), renderReportJsonSchema());
const { renderContractReference, renderRuleList } = await import(
  path.join(root, 'dist/contract/reference.js')
);
const readmePath = path.join(root, 'README.md');
let readme = readFileSync(readmePath, 'utf8');
readme = replaceSection(readme, 'contract-reference', renderContractReference());
readme = replaceSection(readme, 'rule-list', renderRuleList());
writeFileSync(readmePath, readme);
console.log('generated src/rules/registry.ts, schema/charter.schema.json and the README sections');
