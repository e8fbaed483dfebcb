import type { Node } from 'yaml';
import type { Extractor } from '../extractor.js';
import { configured } from './configured.js';
import type { EnvAssignment, EnvFacts, EnvScope, Span } from './types.js';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  isUsable,
  pairOf,
  scalarText,
  valueOf,
  YamlFile,
} from './yaml-spans.js';

export function isWorkflowFile(path: string): boolean {
  return /^(?:.*\/)?\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

function envBlock(yaml: YamlFile, map: unknown): { assignments: EnvAssignment[]; anchor?: Span } {
  const pair = pairOf(map, 'env');
  if (!pair || !isMap(pair.value)) return { assignments: [] };
  const assignments: EnvAssignment[] = [];
  for (const entry of pair.value.items) {
    if (!isPair(entry) || !isScalar(entry.key)) continue;
    const literal = scalarText(entry.value);
    const nameSpan = yaml.span(entry.key as Node);
    assignments.push({
      name: String(entry.key.value),
      // ${{ secrets.X }}, ${{ matrix.mode }}, $VAR: decided at run time, not here.
      value:
        typeof literal === 'string' && !/\$\{\{|\$\{|\$[A-Za-z_]/.test(literal) ? literal : null,
      nameSpan,
      valueSpan: yaml.span(entry.value as Node, nameSpan),
    });
  }
  return { assignments, anchor: yaml.span(pair.key as Node) };
}

/**
 * GitHub Actions `env` at workflow, job and step level, merged the way the runner does (a
 * step sees the workflow's, its job's and its own), plus job containers and services.
 * Workflow scopes are never complete: the runner, secrets and actions add more.
 */
export function workflowScopes(text: string): EnvScope[] {
  const yaml = new YamlFile(text);
  const scopes: EnvScope[] = [];
  const origin = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  for (const doc of yaml.documents) {
    if (!isUsable(doc)) continue;
    const top = envBlock(yaml, doc.contents);
    if (top.assignments.length > 0)
      scopes.push({
        label: 'workflow env',
        complete: false,
        anchor: top.anchor ?? origin,
        assignments: top.assignments,
      });
    const jobs = valueOf(doc.contents, 'jobs');
    if (!isMap(jobs)) continue;
    for (const item of jobs.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const jobId = String(item.key.value);
      const job = envBlock(yaml, item.value);
      const jobAll = [...top.assignments, ...job.assignments];
      if (job.assignments.length > 0)
        scopes.push({
          label: `job "${jobId}"`,
          complete: false,
          anchor: job.anchor ?? origin,
          assignments: jobAll,
        });
      const steps = valueOf(item.value, 'steps');
      if (isSeq(steps)) {
        steps.items.forEach((stepNode, index) => {
          const step = envBlock(yaml, stepNode);
          if (step.assignments.length === 0) return;
          const stepName =
            scalarText(valueOf(stepNode, 'name')) ?? scalarText(valueOf(stepNode, 'id'));
          scopes.push({
            label: `job "${jobId}" step ${typeof stepName === 'string' ? `"${stepName}"` : index + 1}`,
            complete: false,
            anchor: step.anchor ?? origin,
            assignments: [...jobAll, ...step.assignments],
          });
        });
      }
      const container = valueOf(item.value, 'container');
      const containerEnv = envBlock(yaml, container);
      if (containerEnv.assignments.length > 0)
        scopes.push({
          label: `job "${jobId}" container`,
          complete: false,
          anchor: containerEnv.anchor ?? origin,
          assignments: containerEnv.assignments,
        });
      const services = valueOf(item.value, 'services');
      if (isMap(services)) {
        for (const service of services.items) {
          if (!isPair(service) || !isScalar(service.key)) continue;
          const serviceEnv = envBlock(yaml, service.value);
          if (serviceEnv.assignments.length > 0)
            scopes.push({
              label: `job "${jobId}" service "${String(service.key.value)}"`,
              complete: false,
              anchor: serviceEnv.anchor ?? origin,
              assignments: serviceEnv.assignments,
            });
        }
      }
    }
  }
  return scopes;
}

const instances = new Map<string, Extractor<EnvFacts>>();

export function workflowExtractor(keep: readonly string[]): Extractor<EnvFacts> {
  return configured(
    {
      id: 'env-workflow',
      version: 2,
      appliesTo: isWorkflowFile,
      largeFiles: 'read',
      binaryFiles: 'ignore',
      scopes: (_path, text) => ({ kind: 'workflow', scopes: workflowScopes(text) }),
    },
    keep,
    instances,
  );
}
