import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRegistry } from './registry.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, 'src/rules/registry.ts'), renderRegistry(root));
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const { renderContractJsonSchema } = await import(path.join(root, 'dist/contract/json-schema.js'));
writeFileSync(path.join(root, 'schema/charter.schema.json'), renderContractJsonSchema());
console.log('generated src/rules/registry.ts and schema/charter.schema.json');
