import path from 'node:path';
import { HookInputError } from './types.js';
import type { StringReplacement } from './types.js';

/** Field readers that fail closed: a missing or mistyped field is a HookInputError. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(input: Json, key: string, where = 'input'): Json {
  const value = input[key];
  if (!isObject(value)) throw new HookInputError(`${where}.${key} must be an object`);
  return value;
}

export function string(input: Json, key: string, where = 'input'): string {
  const value = input[key];
  if (typeof value !== 'string') throw new HookInputError(`${where}.${key} must be a string`);
  return value;
}

export function optionalString(input: Json, key: string, where = 'input'): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HookInputError(`${where}.${key} must be a string`);
  return value;
}

export function optionalBoolean(input: Json, key: string, where = 'input'): boolean {
  const value = input[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new HookInputError(`${where}.${key} must be true or false`);
  return value;
}

export function optionalNumber(input: Json, key: string, where = 'input'): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new HookInputError(`${where}.${key} must be a number`);
  return value;
}

/** The first of several field names that is present (agents disagree on spelling). */
export function firstString(input: Json, keys: readonly string[], where = 'input'): string {
  for (const key of keys) {
    const value = optionalString(input, key, where);
    if (value !== undefined) return value;
  }
  throw new HookInputError(`${where} needs one of ${keys.join(', ')}`);
}

/** An absolute working directory from the agent's input. */
export function workingDirectory(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  return path.resolve(fallback, value);
}

/** An absolute path for a file the agent names (relative paths are relative to its cwd). */
export function filePath(value: string, cwd: string): string {
  if (value === '') throw new HookInputError('a file path is empty');
  return path.resolve(cwd, value);
}

export function replacement(
  input: Json,
  where: string,
  keys: { old: string; new: string; all?: string },
): StringReplacement {
  return {
    old: string(input, keys.old, where),
    new: string(input, keys.new, where),
    all: keys.all ? optionalBoolean(input, keys.all, where) : false,
  };
}

/** Normalizes an event name for lookup: `pre-tool-use`, `PreToolUse` and `pretooluse` match. */
export function eventKey(event: string): string {
  return event.replace(/[-_\s]/g, '').toLowerCase();
}

export function findEvent(events: readonly string[], event: string): string | undefined {
  const key = eventKey(event);
  return events.find((candidate) => eventKey(candidate) === key);
}
