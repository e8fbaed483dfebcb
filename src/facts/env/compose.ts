import type { Node } from 'yaml';
import type { Extractor } from '../extractor.js';
import { configured } from './configured.js';
import { isInterpolated } from './types.js';
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

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** docker-compose.yml, compose.yaml, docker-compose.prod.yml, compose.override.yaml. */
export function isComposeFile(path: string): boolean {
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(baseName(path));
}

/** `environment:` of each service, as a map or as a list of `NAME=value` / `NAME`. */
export function composeScopes(text: string): EnvScope[] {
  const yaml = new YamlFile(text);
  const scopes: EnvScope[] = [];
  for (const doc of yaml.documents) {
    if (!isUsable(doc)) continue;
    const services = valueOf(doc.contents, 'services');
    if (!isMap(services)) continue;
    for (const item of services.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const service = String(item.key.value);
      const environmentPair = pairOf(item.value, 'environment');
      if (!environmentPair) continue;
      const environment = environmentPair.value as Node | null;
      const assignments: EnvAssignment[] = [];
      if (isMap(environment)) {
        for (const entry of environment.items) {
          if (!isPair(entry) || !isScalar(entry.key)) continue;
          const name = String(entry.key.value);
          const nameSpan = yaml.span(entry.key as Node);
          const text2 = scalarText(entry.value);
          // A name without a value passes the host's value through: set, value unknown.
          const value =
            text2 === undefined || text2 === null || isInterpolated(text2) ? null : text2;
          assignments.push({
            name,
            value,
            nameSpan,
            valueSpan: yaml.span(entry.value as Node, nameSpan),
          });
        }
      } else if (isSeq(environment)) {
        for (const entry of environment.items) {
          const raw = scalarText(entry);
          if (typeof raw !== 'string') continue;
          const span = yaml.span(entry as Node);
          const eq = raw.indexOf('=');
          const name = eq < 0 ? raw : raw.slice(0, eq);
          const literal = eq < 0 ? null : raw.slice(eq + 1);
          const quoted = span.endColumn - span.column > raw.length ? 1 : 0;
          assignments.push({
            name,
            value: literal === null || isInterpolated(literal) ? null : literal,
            nameSpan: {
              ...span,
              column: span.column + quoted,
              endLine: span.line,
              endColumn: span.column + quoted + name.length,
            },
            valueSpan:
              eq < 0
                ? span
                : {
                    ...span,
                    column: span.column + quoted + eq + 1,
                    endColumn: span.column + quoted + raw.length,
                  },
          });
        }
      } else {
        continue;
      }
      scopes.push({
        label: `service "${service}"`,
        complete: !pairOf(item.value, 'env_file'),
        anchor: yaml.span(environmentPair.key as Node),
        assignments,
      });
    }
  }
  return scopes;
}

const instances = new Map<string, Extractor<EnvFacts>>();

export function composeExtractor(keep: readonly string[]): Extractor<EnvFacts> {
  return configured(
    {
      id: 'env-compose',
      version: 2,
      appliesTo: isComposeFile,
      largeFiles: 'read',
      binaryFiles: 'ignore',
      scopes: (_path, text) => ({ kind: 'compose', scopes: composeScopes(text) }),
    },
    keep,
    instances,
  );
}
