import { createHash } from 'node:crypto';
import { contractRegex } from '../../contract/regex-safety.js';
import { rememberExtractor } from '../extractor.js';
import type { Extractor } from '../extractor.js';
import { scanText } from './scan.js';
import type { ScanConfig, SecretsFacts } from './scan.js';

export interface SecretsExtractorConfig {
  /** Regular expressions (sources): a value matching one is not a secret. */
  allow?: readonly string[];
  /** Report passwords in URLs whose host is local (localhost, 127.0.0.1, …). */
  localConnectionStrings?: boolean;
  /** Detector ids to turn off. */
  disable?: readonly string[];
}

const instances = new Map<string, Extractor<SecretsFacts>>();

/**
 * Secrets in any text file, masked before they leave the extractor: the fact cache and
 * `charter facts` never hold a value. Oversized files are read and scanned in chunks;
 * binary files have no text to leak through and are passed over.
 */
export function secretsExtractor(config: SecretsExtractorConfig = {}): Extractor<SecretsFacts> {
  const normalized = {
    allow: [...(config.allow ?? [])],
    localConnectionStrings: config.localConnectionStrings ?? false,
    disable: [...(config.disable ?? [])].sort(),
  };
  const key = JSON.stringify(normalized);
  const existing = instances.get(key);
  if (existing) return existing;
  const scanConfig: ScanConfig = {
    allow: normalized.allow.map((source) => contractRegex(source, 'u')),
    localConnectionStrings: normalized.localConnectionStrings,
    disabled: new Set(normalized.disable),
  };
  const isDefault =
    normalized.allow.length === 0 &&
    !normalized.localConnectionStrings &&
    normalized.disable.length === 0;
  const extractor: Extractor<SecretsFacts> = {
    id: 'secrets',
    version: 1,
    ...(isDefault ? {} : { configKey: createHash('sha1').update(key).digest('hex').slice(0, 16) }),
    appliesTo: () => true,
    largeFiles: 'read',
    binaryFiles: 'ignore',
    extract: (file) => scanText(file.path, file.text, scanConfig),
  };
  return rememberExtractor(instances, key, extractor);
}
