import type { LoadedContract } from '../contract/load.js';
import type { CodeInfo } from '../reporters/types.js';
import { registeredRules } from '../rules/registry.js';
import { ENGINE_CODES } from './engine-codes.js';

export function docsPathFor(code: string): string {
  return `docs/rules/${code}.md`;
}

/** Descriptions for every code a run may report: rules, engine codes and custom patterns. */
export function codeInfos(contract?: LoadedContract): CodeInfo[] {
  const infos: CodeInfo[] = registeredRules.map((rule) => ({
    code: rule.meta.code,
    description: rule.meta.description,
    rationale: rule.meta.rationale,
    remediation: rule.meta.remediation,
    docsPath: docsPathFor(rule.meta.code),
  }));
  for (const engine of ENGINE_CODES) {
    infos.push({
      code: engine.code,
      description: engine.description,
      rationale: engine.description,
      remediation: engine.remediation,
      docsPath: docsPathFor(engine.code),
    });
  }
  const custom = contract?.rules.find((r) => r.rule.meta.code === 'custom/pattern');
  const patterns =
    (
      custom?.options as
        { patterns?: { id: string; message: string; remediation?: string }[] } | undefined
    )?.patterns ?? [];
  for (const pattern of patterns) {
    infos.push({
      code: `custom/${pattern.id}`,
      description: pattern.message,
      rationale: `A rule written in ${contract?.file ?? 'the contract'} (custom/pattern, id ${pattern.id}).`,
      remediation: pattern.remediation ?? 'Change the code so the pattern no longer matches.',
      docsPath: docsPathFor('custom/pattern'),
    });
  }
  return infos;
}
