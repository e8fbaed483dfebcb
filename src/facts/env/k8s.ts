import type { Node } from 'yaml';
import type { Extractor } from '../extractor.js';
import { configured } from './configured.js';
import { isComposeFile } from './compose.js';
import { isWorkflowFile } from './workflow.js';
import type { EnvAssignment, EnvFacts, EnvScope } from './types.js';
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

/**
 * Kubernetes manifests: any YAML document with apiVersion and kind whose tree holds
 * `containers` or `initContainers` (Pods, Deployments, StatefulSets, Jobs, CronJobs, and
 * custom resources with pod templates alike). Each container's `env` is one scope.
 */
export function isKubernetesCandidate(path: string): boolean {
  return /\.ya?ml$/i.test(path) && !isComposeFile(path) && !isWorkflowFile(path);
}

function containerLists(node: unknown, out: { list: Node; kind: string }[], depth = 0): void {
  if (depth > 12) return;
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      if ((key === 'containers' || key === 'initContainers') && isSeq(item.value))
        out.push({ list: item.value as Node, kind: key });
      else containerLists(item.value, out, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) containerLists(item, out, depth + 1);
  }
}

export function kubernetesScopes(text: string): EnvScope[] {
  if (!text.includes('ontainers') || !text.includes('apiVersion')) return [];
  const yaml = new YamlFile(text);
  const scopes: EnvScope[] = [];
  for (const doc of yaml.documents) {
    if (!isUsable(doc)) continue;
    const kind = scalarText(valueOf(doc.contents, 'kind'));
    if (typeof kind !== 'string' || scalarText(valueOf(doc.contents, 'apiVersion')) === undefined)
      continue;
    const name = scalarText(valueOf(valueOf(doc.contents, 'metadata'), 'name'));
    const lists: { list: Node; kind: string }[] = [];
    containerLists(doc.contents, lists);
    for (const { list } of lists) {
      if (!isSeq(list)) continue;
      for (const container of list.items) {
        if (!isMap(container)) continue;
        const containerName = scalarText(valueOf(container, 'name')) ?? '?';
        const envPair = pairOf(container, 'env');
        const assignments: EnvAssignment[] = [];
        if (envPair && isSeq(envPair.value)) {
          for (const entry of envPair.value.items) {
            if (!isMap(entry)) continue;
            const nameNode = valueOf(entry, 'name');
            const variable = scalarText(nameNode);
            if (typeof variable !== 'string') continue;
            const nameSpan = yaml.span(nameNode);
            const valueNode = valueOf(entry, 'value');
            const literal = scalarText(valueNode);
            // valueFrom (secrets, config maps, field refs) sets the variable to something unknown here.
            const value = typeof literal === 'string' && !/\$\(/.test(literal) ? literal : null;
            assignments.push({
              name: variable,
              value,
              nameSpan,
              valueSpan: valueNode ? yaml.span(valueNode) : nameSpan,
            });
          }
        }
        const anchorNode = envPair?.key ?? valueOf(container, 'name');
        scopes.push({
          label: `container "${containerName}" of ${kind}${typeof name === 'string' ? `/${name}` : ''}`,
          complete: !pairOf(container, 'envFrom'),
          anchor: yaml.span(anchorNode as Node),
          assignments,
        });
      }
    }
  }
  return scopes;
}

const instances = new Map<string, Extractor<EnvFacts>>();

export function kubernetesExtractor(keep: readonly string[]): Extractor<EnvFacts> {
  return configured(
    {
      id: 'env-k8s',
      version: 2,
      appliesTo: isKubernetesCandidate,
      largeFiles: 'read',
      binaryFiles: 'ignore',
      scopes: (_path, text) => ({ kind: 'k8s', scopes: kubernetesScopes(text) }),
    },
    keep,
    instances,
  );
}
