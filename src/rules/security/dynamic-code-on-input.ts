import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import {
  ignoreOption,
  locationOf,
  matcher,
  matchesFor,
  securityExtractor,
  snippet,
} from './_pack.js';

const OptionsSchema = z.object({ ignore: ignoreOption() }).strict();

export const rule = defineRule({
  meta: {
    code: 'security/dynamic-code-on-input',
    description:
      'Request input reaches eval, new Function, vm, a shell (exec, spawn, os.system, subprocess), pickle or exec.Command.',
    rationale:
      'Code or commands built from request input run whatever the caller sends: remote code execution. The rule finds calls of eval, new Function, vm, child_process, require, Python’s eval/exec/compile/os.system/subprocess/pickle.loads and Go’s exec.Command whose arguments contain request input (req.body, req.query, request.args, request.json, r.URL.Query(), c.Query(), …) directly or through a variable assigned from it in the same block. Input that travels further (through other functions) is not followed.',
    remediation:
      'Never evaluate or execute input. Map the input to a fixed set of allowed operations (a lookup table), pass arguments as an argument list without a shell (execFile/spawn without shell, subprocess.run([...]) without shell=True) after validating them, and parse data with a parser (JSON.parse, json.loads), not eval or pickle.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    for (const match of matchesFor(
      context,
      'dynamic-code-on-input',
      matcher(context.options.ignore),
    )) {
      context.report({
        message: `request input reaches code or command execution: ${snippet(match.text)}`,
        data: { variant: match.variant, match: snippet(match.text) },
        location: locationOf(match),
      });
    }
  },
});
