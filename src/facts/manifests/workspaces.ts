import { parse } from 'yaml';
import type { Extractor } from '../extractor.js';

export interface PnpmWorkspaceFacts {
  packages: string[];
  error?: string;
}

/** pnpm declares workspace members in pnpm-workspace.yaml instead of package.json. */
export const pnpmWorkspaceExtractor: Extractor<PnpmWorkspaceFacts> = {
  id: 'pnpm-workspace',
  version: 1,
  appliesTo: (path) => /(^|\/)pnpm-workspace\.ya?ml$/.test(path),
  extract(file) {
    try {
      const value: unknown = parse(file.text);
      const packages =
        typeof value === 'object' && value !== null
          ? (value as { packages?: unknown }).packages
          : undefined;
      return {
        packages: Array.isArray(packages)
          ? packages.filter((p): p is string => typeof p === 'string')
          : [],
      };
    } catch (error) {
      return { packages: [], error: (error as Error).message };
    }
  },
};
