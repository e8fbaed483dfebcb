import { loadContract } from '../contract/load.js';
import type { LoadedContract } from '../contract/load.js';
import { contractOnDisk, contractsAtRevision } from '../repo/contract-file.js';
import type { ContractSource } from '../repo/contract-file.js';
import { repositoryRoot } from '../repo/hook-config-io.js';

/**
 * The contract that governs each folder, as HEAD has it: agent hooks judge by the last commit,
 * never by a working tree the agent can edit. Until a contract is committed at all, the
 * working tree's stands in (a repository that has just been set up).
 */
export async function contractSourcesAtHead(
  root: string,
  dirs: readonly string[],
): Promise<Map<string, ContractSource>> {
  return contractsAtRevision({
    root,
    cwds: dirs,
    revision: 'HEAD',
    label: 'HEAD',
    bootstrap: true,
  });
}

/** The contract that governs `dir` for the agent hooks (HEAD's, see contractSourcesAtHead). */
export async function committedContract(
  dir: string,
): Promise<{ contract: LoadedContract; root: string }> {
  const root = await repositoryRoot(dir);
  const source = root
    ? (await contractSourcesAtHead(root, [dir])).get(dir)
    : await contractOnDisk(dir, dir);
  const { contract } = source as ContractSource;
  return {
    contract: loadContract({ file: contract.file, text: contract.text }),
    root: root ?? dir,
  };
}
