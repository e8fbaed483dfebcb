import path from 'node:path';
import { loadContract } from '../contract/load.js';
import type { LoadedContract } from '../contract/load.js';
import { discoverContract, readContractText } from '../repo/contract-file.js';
import { repositoryRoot } from '../repo/hook-config-io.js';

/** The contract that governs `dir` as it is in the working tree (nearest charter.yaml). */
export async function workingContract(
  dir: string,
): Promise<{ contract: LoadedContract; root: string }> {
  const root = (await repositoryRoot(dir)) ?? dir;
  const discovered = await discoverContract(root, dir);
  const source = await readContractText({
    root,
    cwd: dir,
    ...(discovered ? { contractPath: path.join(root, discovered) } : {}),
  });
  return { contract: loadContract({ file: source.file, text: source.text }), root };
}
