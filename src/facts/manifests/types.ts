import type { Ecosystem, Span } from '../imports/types.js';

/** A dependency declared in a manifest, where it is declared. */
export interface DeclaredDependency extends Span {
  /** As the ecosystem names it: npm package, PEP 503-normalised distribution, Go module path. */
  name: string;
  /** Version range or requirement text as written ('' when there is none). */
  spec: string;
  ecosystem: Ecosystem;
  /** dependencies, devDependencies, project.dependencies, require, … */
  section: string;
}

export interface ManifestFacts {
  dependencies: DeclaredDependency[];
  /** Set when the file could not be parsed: rules that need its dependencies say so. */
  error?: string;
}
