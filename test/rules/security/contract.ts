/** A contract that turns one rule of the security pack on (they are off by default). */
export function enable(code: string, options?: string, extra = ''): string {
  const entry = options
    ? `  ${code}:\n    severity: error\n    options:\n${options.replace(/^/gm, '      ')}\n`
    : `  ${code}: error\n`;
  return `version: 1\n${extra}rules:\n${entry}`;
}
