import type { Environments } from '../../contract/schema.js';
import { defineRule } from '../../engine/rule.js';
import type { RuleReport } from '../../engine/rule.js';
import { clauseText, evaluateEnvironment } from '../../env/matrix.js';
import type { EnvViolation } from '../../env/matrix.js';
import { composeExtractor } from '../../facts/env/compose.js';
import { dotenvExtractor } from '../../facts/env/dotenv.js';
import { kubernetesExtractor } from '../../facts/env/k8s.js';
import type { Extractor } from '../../facts/extractor.js';
import type { EnvAssignment, EnvFacts, EnvScope, Span } from '../../facts/env/types.js';
import { workflowExtractor } from '../../facts/env/workflow.js';

interface Placed extends EnvAssignment {
  file: string;
}

/** The variables whose values the matrix compares: the mode variable and every mode's `values`. */
function constrained(environments: Environments): string[] {
  return [
    environments.variable,
    ...Object.values(environments.modes).flatMap((mode) => Object.keys(mode.values ?? {})),
  ];
}

function extractorsFor(environments: Environments): Extractor<EnvFacts>[] {
  const keep = constrained(environments);
  return [
    dotenvExtractor(keep),
    composeExtractor(keep),
    kubernetesExtractor(keep),
    workflowExtractor(keep),
  ];
}

const dirOf = (file: string): string =>
  file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
const nameOf = (file: string): string => file.slice(file.lastIndexOf('/') + 1);

function evaluateScope(
  environments: Environments,
  scope: EnvScope,
  file: string,
  inherited: readonly Placed[],
  report: (report: RuleReport) => void,
): void {
  const byName = new Map<string, Placed>();
  for (const assignment of inherited) byName.set(assignment.name, assignment);
  for (const assignment of scope.assignments) byName.set(assignment.name, { ...assignment, file });
  const { violations } = evaluateEnvironment(environments, (name) => byName.get(name), {
    complete: scope.complete,
    valuesRequired: false,
    modeRequired: false,
  });
  const modeAssignment = byName.get(environments.variable);
  for (const violation of violations) {
    const assignment = byName.get(violation.variable);
    let where: { file: string; span: Span };
    if (violation.kind === 'missing-required')
      where = modeAssignment
        ? { file: modeAssignment.file, span: modeAssignment.nameSpan }
        : { file, span: scope.anchor };
    else if (violation.kind === 'forbidden' && assignment)
      where = { file: assignment.file, span: assignment.nameSpan };
    else if (assignment) where = { file: assignment.file, span: assignment.valueSpan };
    else where = { file, span: scope.anchor };
    report({
      message: `${violation.message} (${scope.label})`,
      data: dataOf(violation, scope.label),
      location: { file: where.file, ...where.span },
    });
  }
}

function dataOf(violation: EnvViolation, scope: string): Record<string, string> {
  return {
    kind: violation.kind,
    variable: violation.variable,
    ...(violation.mode !== undefined ? { mode: violation.mode } : {}),
    ...(violation.actual !== undefined ? { actual: violation.actual } : {}),
    ...(violation.allowed !== undefined ? { allowed: violation.allowed.join(', ') } : {}),
    clause: clauseText(violation.clause),
    scope,
  };
}

export const rule = defineRule({
  meta: {
    code: 'env/mode-matrix',
    description:
      'A .env file, docker-compose service, Kubernetes container or GitHub workflow sets a combination of variables the contract’s `environments` modes do not allow.',
    rationale:
      'Teams define a few environment modes (local, test, preprod, prod) and which values go with each: prod talks to the production database and never enables the sandbox. A wrong combination is how test code reaches production data or a bypass reaches production. With `environments` in the contract, every literal assignment in .env files, docker-compose `environment`, Kubernetes container `env` and GitHub workflow `env` is checked against the mode it selects: unknown modes, values a mode does not allow, forbidden variables, and (where the scope is the whole environment) missing required ones. Values from interpolation, secrets or the host are not judged.',
    remediation:
      'Set the variable as the contract’s `environments` block says for this mode, or select the mode that fits. If the combination is right, the contract is wrong: ask a human to change `environments` in charter.yaml.',
    defaultSeverity: 'error',
    // Nothing to read without environments; with them, values are kept only for the
    // variables the contract constrains.
    factsForContract: (_options, contract) => {
      const environments = contract.data.environments;
      return environments ? extractorsFor(environments) : [];
    },
  },
  check(context) {
    const environments = context.contract.data.environments;
    if (!environments) return;
    const seen = new Set<string>();
    const report = (finding: RuleReport): void => {
      const { file, line, column } = finding.location;
      const key = `${file}\0${line}\0${column}\0${finding.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      context.report(finding);
    };
    const [dotenvFacts, ...otherFacts] = extractorsFor(environments);
    const dotenv = context.facts(dotenvFacts as Extractor<EnvFacts>);
    for (const [file, facts] of dotenv) {
      const scope = facts.scopes[0];
      if (!scope) continue;
      // `.env.production` is loaded over `.env` in the same folder (dotenv, Vite, Next.js).
      const base = dirOf(file) ? `${dirOf(file)}/.env` : '.env';
      const layered =
        nameOf(file).startsWith('.env.') &&
        !/^\.env\.(?:example|sample|template|dist|defaults?)$/.test(nameOf(file));
      const baseFacts = layered ? dotenv.get(base) : undefined;
      const inherited: Placed[] =
        baseFacts?.scopes[0]?.assignments.map((a) => ({ ...a, file: base })) ?? [];
      evaluateScope(
        environments,
        inherited.length ? { ...scope, label: `${scope.label} over ${nameOf(base)}` } : scope,
        file,
        inherited,
        report,
      );
    }
    const others = otherFacts.map((extractor) => context.facts(extractor));
    for (const facts of others)
      for (const [file, found] of facts)
        for (const scope of found.scopes) evaluateScope(environments, scope, file, [], report);
  },
});
