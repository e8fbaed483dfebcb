import type { PatternLanguage } from '../../facts/ast-grep.js';
import type { PatternRule } from '../../facts/patterns/compile.js';

/**
 * The structural patterns of the security pack, as data in ast-grep's rule format (the
 * same format teams use for custom/pattern). Every entry's id starts with the rule it
 * belongs to; the rules post-filter the matches with the contract and their options.
 */

type Rule = Record<string, unknown>;
interface Entry {
  /** `<rule>--<variant>`. */
  id: string;
  rule: Rule;
  constraints?: Record<string, unknown>;
  /** Metavariables the rule reads from the match. */
  captures?: readonly string[];
}

const JS: readonly PatternLanguage[] = ['typescript', 'tsx', 'javascript'];
const SUFFIX: Record<PatternLanguage, string> = {
  typescript: 'ts',
  tsx: 'tsx',
  javascript: 'js',
  python: 'py',
  go: 'go',
};

function entries(languages: readonly PatternLanguage[], list: readonly Entry[]): PatternRule[] {
  return languages.flatMap((language) =>
    list.map((entry) => ({
      id: `${entry.id}-${SUFFIX[language]}`,
      language,
      rule: entry.rule,
      ...(entry.constraints ? { constraints: entry.constraints } : {}),
      message: entry.captures?.length ? entry.captures.map((c) => `$${c}`).join(' ') : 'match',
    })),
  );
}

/** Request input in handlers, per language family (Express/Koa/Fastify/Next/Lambda). */
export const REQUEST_INPUT_JS = String.raw`\b(?:req|request|ctx|c)\.(?:body|query|params|headers|cookies)\b|\bctx\.request\.(?:body|query)\b|\bevent\.(?:body|queryStringParameters|pathParameters|headers)\b|\bsearchParams\.get\(|\b(?:req|request)\.(?:json|formData|text)\(\)`;
/** Flask, Django, Starlette/FastAPI. */
export const REQUEST_INPUT_PY = String.raw`\brequest\.(?:args|form|values|json|data|files|GET|POST|body|query_params|path_params|headers|cookies)\b|\brequest\.get_json\(`;
/** net/http, Gin, Echo, Fiber. */
export const REQUEST_INPUT_GO = String.raw`\b\w+\.(?:URL\.Query\(\)|URL\.Path\b|URL\.RawQuery\b|FormValue\(|PostFormValue\(|Form\b|PostForm\b|Body\b|Header\.Get\()|\bc\.(?:Query|Param|Params|PostForm|FormValue|QueryParam|DefaultQuery|GetHeader|Body)\(`;

const SQL = String.raw`(?i)\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\b[\s\S]*\bset\b|delete\s+from|where\b[\s\S]*[=<>])`;
const AUTHISH = String.raw`(?i)auth|rbac|acl|login|jwt|security|permission|guard|sso|oauth|verif`;
const DB_URL = String.raw`(?i)(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|mssql|sqlserver|cockroachdb|clickhouse)://`;
const PROD_DB_ENV = String.raw`(?i)(?:prod|production|live|primary)\w*(?:database|db|postgres|pg|mysql|mongo|redis|dsn)|(?:database|db|dsn)\w*(?:prod|production|live)`;
const PUBLIC_NAME = String.raw`(?i)public|unprotected|unauth|anonymous|anon|open|exempt|exclu|ignor|skip|bypass|white_?list|allow_?list|no_?auth`;
const STUB_NAME = String.raw`(?i)^(?:stub|fake|mock|dummy|hardcoded|hard_coded|test|dev|debug|bypass)_?(?:user|admin|principal|account|identity|session|claims|tenant)s?$`;
const CRED_PARAM = String.raw`(?i)^["'\x60]?(?:access_?token|token|id_?token|refresh_?token|auth|auth_?token|authorization|api_?key|apikey|x_?api_?key|key|secret|client_?secret|password|passwd|pwd|jwt|bearer|session_?id|sid|credentials?)["'\x60]?$`;
const CRED_IN_URL = String.raw`(?i)[?&](?:access_?token|token|id_?token|api_?key|apikey|auth|jwt|password|passwd|secret|client_secret|key)=`;
const JWT_LITERAL = String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.`;
/** Go accepts only declarations at the top level: a call pattern needs a function around it. */
const goCall = (code: string): Rule => ({
  pattern: { context: `package main\nfunc _() {\n${code}\n}`, selector: 'call_expression' },
});

const JS_FUNCTION = {
  any: [
    { kind: 'function_declaration' },
    { kind: 'function_expression' },
    { kind: 'arrow_function' },
    { kind: 'method_definition' },
  ],
};

// ---------------------------------------------------------------------------------------
// security/auth-bypass-flag

const bypassJs: Entry[] = [
  {
    id: 'auth-bypass-flag--env',
    rule: {
      any: [
        { pattern: 'process.env.$NAME' },
        { pattern: 'process.env[$NAME]' },
        { pattern: 'import.meta.env.$NAME' },
        { pattern: 'Bun.env.$NAME' },
        { pattern: 'Deno.env.get($NAME)' },
      ],
    },
    constraints: { NAME: { regex: AUTHISH } },
    captures: ['NAME'],
  },
  {
    id: 'auth-bypass-flag--const',
    rule: {
      kind: 'variable_declarator',
      all: [
        { has: { field: 'name', pattern: '$NAME' } },
        { has: { field: 'value', regex: `^(?:true|1|["'\x60](?:true|1|yes|on)["'\x60])$` } },
      ],
    },
    constraints: { NAME: { regex: AUTHISH } },
    captures: ['NAME'],
  },
  {
    id: 'auth-bypass-flag--option',
    rule: {
      kind: 'pair',
      all: [{ has: { field: 'key', pattern: '$NAME' } }, { has: { field: 'value', kind: 'true' } }],
    },
    constraints: { NAME: { regex: AUTHISH } },
    captures: ['NAME'],
  },
  {
    id: 'auth-bypass-flag--env-skip',
    rule: {
      kind: 'if_statement',
      all: [
        {
          has: {
            field: 'condition',
            has: {
              any: [
                { pattern: 'process.env.$E' },
                { pattern: 'process.env[$E]' },
                { pattern: 'import.meta.env.$E' },
                {
                  kind: 'identifier',
                  regex:
                    '^(?:isDev|isDevelopment|isLocal|isTest|IS_DEV|__DEV__|DEV_MODE|devMode|isDebug)$',
                },
                {
                  kind: 'member_expression',
                  regex: String.raw`(?i)\.(?:isDev|isDevelopment|isLocal|devMode|debug|env|nodeEnv|environment)$`,
                },
              ],
              stopBy: 'end',
            },
          },
        },
        {
          has: {
            field: 'consequence',
            any: [{ pattern: 'next()' }, { has: { pattern: 'next()', stopBy: 'end' } }],
          },
        },
        {
          inside: {
            ...JS_FUNCTION,
            regex: String.raw`(?i)auth|jwt|token|session|verify|permission|login|credential|bearer|api_?key`,
            stopBy: 'end',
          },
        },
      ],
    },
  },
];

const bypassPy: Entry[] = [
  {
    id: 'auth-bypass-flag--env',
    rule: {
      any: [
        { pattern: 'os.getenv($NAME)' },
        { pattern: 'os.getenv($NAME, $$$)' },
        { pattern: 'os.environ[$NAME]' },
        { pattern: 'os.environ.get($NAME)' },
        { pattern: 'os.environ.get($NAME, $$$)' },
        { pattern: 'environ.get($NAME, $$$)' },
      ],
    },
    constraints: { NAME: { regex: AUTHISH } },
    captures: ['NAME'],
  },
  {
    id: 'auth-bypass-flag--const',
    rule: {
      kind: 'assignment',
      all: [
        { has: { field: 'left', pattern: '$NAME' } },
        { has: { field: 'right', regex: `^(?:True|1|["'](?:true|1|yes|on)["'])$` } },
      ],
    },
    constraints: { NAME: { regex: AUTHISH } },
    captures: ['NAME'],
  },
  {
    id: 'auth-bypass-flag--option',
    rule: {
      kind: 'keyword_argument',
      all: [
        { has: { field: 'name', pattern: '$NAME' } },
        { has: { field: 'value', kind: 'true' } },
      ],
    },
    constraints: { NAME: { regex: AUTHISH } },
    captures: ['NAME'],
  },
  {
    id: 'auth-bypass-flag--env-skip',
    rule: {
      kind: 'if_statement',
      all: [
        {
          has: {
            field: 'condition',
            regex: String.raw`os\.getenv|os\.environ|\bsettings\.(?:DEBUG|ENV|ENVIRONMENT|TESTING)\b|\bapp\.debug\b|\b(?:DEBUG|IS_DEV|DEV_MODE)\b|_(?:ENV|MODE)\b`,
          },
        },
        { has: { field: 'consequence', has: { kind: 'return_statement', stopBy: 'end' } } },
        {
          inside: {
            kind: 'function_definition',
            has: {
              field: 'name',
              regex: String.raw`(?i)auth|current_user|get_user|verify|require|login|permission|token|principal`,
            },
            stopBy: 'end',
          },
        },
      ],
    },
  },
];

const bypassGo: Entry[] = [
  {
    id: 'auth-bypass-flag--env',
    rule: {
      any: [
        goCall('os.Getenv($NAME)'),
        goCall('os.LookupEnv($NAME)'),
        goCall('viper.GetBool($NAME)'),
        goCall('viper.GetString($NAME)'),
      ],
    },
    constraints: { NAME: { regex: AUTHISH } },
    captures: ['NAME'],
  },
  {
    id: 'auth-bypass-flag--const',
    rule: {
      any: [{ kind: 'const_spec' }, { kind: 'var_spec' }, { kind: 'short_var_declaration' }],
      regex: String.raw`(?i)^\s*(?:\w*(?:auth|rbac|acl|login|jwt)\w*)\s*(?:bool\s*)?:?=\s*true\s*$`,
    },
  },
  {
    id: 'auth-bypass-flag--env-skip',
    rule: {
      kind: 'if_statement',
      all: [
        {
          has: {
            field: 'condition',
            regex: String.raw`(?i)os\.Getenv|os\.LookupEnv|viper\.|\bisDev\b|\bdebug\b|\bdevMode\b`,
          },
        },
        {
          has: {
            field: 'consequence',
            has: { ...goCall('$N.ServeHTTP($$$)'), stopBy: 'end' },
          },
        },
      ],
    },
  },
];

// ---------------------------------------------------------------------------------------
// security/public-path-allowlist

const publicJs: Entry[] = [
  {
    id: 'public-path-allowlist--entry',
    rule: {
      any: [{ kind: 'string' }, { kind: 'template_string', not: { regex: String.raw`\$\{` } }],
      inside: {
        kind: 'array',
        inside: {
          any: [
            { kind: 'variable_declarator', has: { field: 'name', pattern: '$NAME' } },
            { kind: 'pair', has: { field: 'key', pattern: '$NAME' } },
            { kind: 'assignment_expression', has: { field: 'left', pattern: '$NAME' } },
          ],
          stopBy: 'end',
        },
      },
    },
    constraints: { NAME: { regex: PUBLIC_NAME } },
    captures: ['NAME'],
  },
];
const publicPy: Entry[] = [
  {
    id: 'public-path-allowlist--entry',
    rule: {
      kind: 'string',
      inside: {
        any: [{ kind: 'list' }, { kind: 'tuple' }, { kind: 'set' }],
        inside: {
          any: [
            { kind: 'assignment', has: { field: 'left', pattern: '$NAME' } },
            { kind: 'keyword_argument', has: { field: 'name', pattern: '$NAME' } },
            { kind: 'pair', has: { field: 'key', pattern: '$NAME' } },
          ],
          stopBy: 'end',
        },
      },
    },
    constraints: { NAME: { regex: PUBLIC_NAME } },
    captures: ['NAME'],
  },
];
const publicGo: Entry[] = [
  {
    id: 'public-path-allowlist--entry',
    rule: {
      any: [{ kind: 'interpreted_string_literal' }, { kind: 'raw_string_literal' }],
      inside: {
        kind: 'literal_value',
        inside: {
          any: [
            { kind: 'var_spec', has: { field: 'name', pattern: '$NAME' } },
            { kind: 'const_spec', has: { field: 'name', pattern: '$NAME' } },
            { kind: 'short_var_declaration', has: { field: 'left', pattern: '$NAME' } },
            { kind: 'assignment_statement', has: { field: 'left', pattern: '$NAME' } },
            { kind: 'keyed_element', has: { nthChild: 1, pattern: '$NAME' } },
          ],
          stopBy: 'end',
        },
        stopBy: 'end',
      },
    },
    constraints: { NAME: { regex: PUBLIC_NAME } },
    captures: ['NAME'],
  },
];

// ---------------------------------------------------------------------------------------
// security/fake-jwt

const jwtJs: Entry[] = [
  {
    id: 'fake-jwt--alg-none',
    rule: {
      kind: 'pair',
      regex: String.raw`(?i)^["']?algorithms?["']?\s*:\s*(?:\[\s*)?["']none["']`,
    },
  },
  {
    id: 'fake-jwt--unverified-decode',
    rule: {
      any: [
        { pattern: 'jwt.decode($$$)' },
        { pattern: 'jsonwebtoken.decode($$$)' },
        { pattern: 'decodeJwt($$$)' },
      ],
      inside: { ...JS_FUNCTION, regex: String.raw`\b(?:req|request|ctx|next)\b`, stopBy: 'end' },
    },
  },
  {
    id: 'fake-jwt--literal-secret',
    rule: {
      any: [
        { pattern: 'jwt.sign($P, $S)' },
        { pattern: 'jwt.sign($P, $S, $$$)' },
        { pattern: 'jwt.verify($P, $S)' },
        { pattern: 'jwt.verify($P, $S, $$$)' },
      ],
    },
    constraints: {
      S: {
        any: [{ kind: 'string' }, { kind: 'template_string', not: { regex: String.raw`\$\{` } }],
      },
    },
    captures: ['S'],
  },
  {
    id: 'fake-jwt--literal',
    rule: { any: [{ kind: 'string' }, { kind: 'template_string' }], regex: JWT_LITERAL },
  },
];
const jwtPy: Entry[] = [
  {
    id: 'fake-jwt--alg-none',
    rule: {
      kind: 'keyword_argument',
      regex: String.raw`(?i)^algorithms?\s*=\s*[\[(]?\s*["']none["']`,
    },
  },
  {
    id: 'fake-jwt--unverified-decode',
    rule: {
      kind: 'call',
      has: { field: 'function', regex: String.raw`^jwt\.decode$` },
      all: [
        {
          has: {
            field: 'arguments',
            has: {
              kind: 'keyword_argument',
              regex: String.raw`(?s)["']verify_signature["']\s*:\s*False|^verify\s*=\s*False$`,
            },
          },
        },
      ],
    },
  },
  {
    id: 'fake-jwt--literal-secret',
    rule: { any: [{ pattern: 'jwt.encode($P, $S)' }, { pattern: 'jwt.encode($P, $S, $$$)' }] },
    constraints: { S: { kind: 'string', not: { regex: '^[fF]' } } },
    captures: ['S'],
  },
  { id: 'fake-jwt--literal', rule: { kind: 'string', regex: JWT_LITERAL } },
];
const jwtGo: Entry[] = [
  {
    id: 'fake-jwt--alg-none',
    rule: {
      kind: 'selector_expression',
      regex: String.raw`^jwt\.(?:SigningMethodNone|UnsafeAllowNoneSignatureType)$`,
    },
  },
  {
    id: 'fake-jwt--unverified-decode',
    rule: {
      kind: 'call_expression',
      has: { field: 'function', regex: String.raw`\.ParseUnverified$` },
    },
  },
  {
    id: 'fake-jwt--literal-secret',
    rule: goCall('$T.SignedString([]byte($S))'),
    constraints: {
      S: { any: [{ kind: 'interpreted_string_literal' }, { kind: 'raw_string_literal' }] },
    },
    captures: ['S'],
  },
  {
    id: 'fake-jwt--literal',
    rule: {
      any: [{ kind: 'interpreted_string_literal' }, { kind: 'raw_string_literal' }],
      regex: JWT_LITERAL,
    },
  },
];

// ---------------------------------------------------------------------------------------
// security/stub-user

const USER_TARGET = String.raw`(?:^|\.)(?:user|currentUser|current_user|principal|identity|authUser|auth)$`;
const stubJs: Entry[] = [
  {
    id: 'stub-user--assign',
    rule: {
      kind: 'assignment_expression',
      all: [
        { has: { field: 'left', kind: 'member_expression', regex: USER_TARGET } },
        { has: { field: 'right', kind: 'object' } },
      ],
    },
  },
  {
    id: 'stub-user--named',
    rule: {
      any: [{ kind: 'variable_declarator', has: { field: 'name', pattern: '$NAME' } }],
    },
    constraints: { NAME: { regex: STUB_NAME } },
    captures: ['NAME'],
  },
];
const CONSTRUCTOR_WITH_LITERALS = String.raw`^[A-Z]\w*\(\s*(?:\w+\s*=\s*(?:"[^"]*"|'[^']*'|-?\d+|True|False|None|\[[^\]]*\])\s*,?\s*)*\)$`;
const stubPy: Entry[] = [
  {
    id: 'stub-user--assign',
    rule: {
      kind: 'assignment',
      all: [
        { has: { field: 'left', kind: 'attribute', regex: USER_TARGET } },
        {
          has: {
            field: 'right',
            any: [{ kind: 'dictionary' }, { kind: 'call', regex: CONSTRUCTOR_WITH_LITERALS }],
          },
        },
      ],
    },
  },
  {
    id: 'stub-user--return',
    rule: {
      kind: 'return_statement',
      has: { any: [{ kind: 'dictionary' }, { kind: 'call', regex: CONSTRUCTOR_WITH_LITERALS }] },
      inside: {
        kind: 'function_definition',
        has: {
          field: 'name',
          regex: String.raw`(?i)current_user|get_user|authenticate|get_principal|auth_user|verify_token|get_identity`,
        },
        stopBy: 'end',
      },
    },
  },
  {
    id: 'stub-user--named',
    rule: { kind: 'assignment', has: { field: 'left', pattern: '$NAME' } },
    constraints: { NAME: { regex: STUB_NAME } },
    captures: ['NAME'],
  },
];
const stubGo: Entry[] = [
  {
    id: 'stub-user--assign',
    rule: goCall('context.WithValue($C, $K, $V)'),
    constraints: {
      K: { regex: '(?i)user|principal|claims|identity|auth' },
      V: { regex: String.raw`^&?[A-Z]\w*\{` },
    },
  },
  {
    id: 'stub-user--named',
    rule: {
      any: [
        { kind: 'var_spec', has: { field: 'name', pattern: '$NAME' } },
        { kind: 'const_spec', has: { field: 'name', pattern: '$NAME' } },
        { kind: 'short_var_declaration', has: { field: 'left', pattern: '$NAME' } },
      ],
    },
    constraints: { NAME: { regex: STUB_NAME } },
    captures: ['NAME'],
  },
];

// ---------------------------------------------------------------------------------------
// security/query-credentials

const queryJs: Entry[] = [
  {
    id: 'query-credentials--read',
    rule: {
      any: [
        { pattern: '$R.query.$NAME' },
        { pattern: '$R.query?.$NAME' },
        { pattern: '$R.query[$NAME]' },
        { pattern: '$U.searchParams.get($NAME)' },
        { pattern: 'searchParams.get($NAME)' },
      ],
    },
    constraints: { NAME: { regex: CRED_PARAM } },
    captures: ['NAME'],
  },
  {
    id: 'query-credentials--destructure',
    rule: {
      any: [
        { pattern: 'const { $$$PROPS } = $R.query' },
        { pattern: 'let { $$$PROPS } = $R.query' },
        { pattern: 'var { $$$PROPS } = $R.query' },
      ],
    },
    captures: ['PROPS'],
  },
  {
    id: 'query-credentials--url',
    rule: { any: [{ kind: 'string' }, { kind: 'template_string' }], regex: CRED_IN_URL },
  },
];
const queryPy: Entry[] = [
  {
    id: 'query-credentials--read',
    rule: {
      any: [
        { pattern: 'request.args.get($NAME)' },
        { pattern: 'request.args.get($NAME, $$$)' },
        { pattern: 'request.args[$NAME]' },
        { pattern: 'request.values.get($NAME)' },
        { pattern: 'request.values.get($NAME, $$$)' },
        { pattern: 'request.query_params.get($NAME)' },
        { pattern: 'request.query_params.get($NAME, $$$)' },
        { pattern: 'request.query_params[$NAME]' },
        { pattern: 'request.GET.get($NAME)' },
        { pattern: 'request.GET.get($NAME, $$$)' },
        { pattern: 'request.GET[$NAME]' },
      ],
    },
    constraints: { NAME: { regex: CRED_PARAM } },
    captures: ['NAME'],
  },
  {
    id: 'query-credentials--param',
    rule: {
      kind: 'typed_default_parameter',
      all: [
        { has: { field: 'name', pattern: '$NAME' } },
        { has: { field: 'value', regex: String.raw`^(?:fastapi\.)?Query\(` } },
      ],
    },
    constraints: { NAME: { regex: CRED_PARAM } },
    captures: ['NAME'],
  },
  { id: 'query-credentials--url', rule: { kind: 'string', regex: CRED_IN_URL } },
];
const queryGo: Entry[] = [
  {
    id: 'query-credentials--read',
    rule: {
      any: [
        goCall('$R.URL.Query().Get($NAME)'),
        { pattern: '$R.URL.Query()[$NAME]' },
        goCall('$C.Query($NAME)'),
        goCall('$C.DefaultQuery($NAME, $$$)'),
        goCall('$C.QueryParam($NAME)'),
      ],
    },
    constraints: { NAME: { regex: CRED_PARAM } },
    captures: ['NAME'],
  },
  {
    id: 'query-credentials--url',
    rule: {
      any: [{ kind: 'interpreted_string_literal' }, { kind: 'raw_string_literal' }],
      regex: CRED_IN_URL,
    },
  },
];

// ---------------------------------------------------------------------------------------
// security/tls-verification-disabled

const tlsJs: Entry[] = [
  {
    id: 'tls-verification-disabled--option',
    rule: {
      kind: 'pair',
      regex: String.raw`^["']?(?:rejectUnauthorized|strictSSL|verifySSL|sslVerify)["']?\s*:\s*false$|^["']?NODE_TLS_REJECT_UNAUTHORIZED["']?\s*:\s*["'\x60]?0["'\x60]?$`,
    },
  },
  {
    id: 'tls-verification-disabled--assign',
    rule: {
      kind: 'assignment_expression',
      any: [
        { regex: String.raw`\.(?:rejectUnauthorized|strictSSL)\s*=\s*false$` },
        { regex: String.raw`NODE_TLS_REJECT_UNAUTHORIZED["'\x60\]]*\s*=\s*["'\x60]?0["'\x60]?$` },
      ],
    },
  },
];
const tlsPy: Entry[] = [
  {
    id: 'tls-verification-disabled--option',
    rule: {
      kind: 'keyword_argument',
      regex: String.raw`^(?:verify|ssl|verify_ssl|ssl_verify|validate_certs)\s*=\s*False$|^cert_reqs\s*=\s*(?:ssl\.)?["']?CERT_NONE["']?$`,
    },
  },
  {
    id: 'tls-verification-disabled--assign',
    rule: {
      kind: 'assignment',
      any: [
        { regex: String.raw`\.verify_mode\s*=\s*ssl\.CERT_NONE$` },
        { regex: String.raw`\.check_hostname\s*=\s*False$` },
        { regex: String.raw`^(?:\w+\.)?verify\s*=\s*False$` },
        { regex: String.raw`PYTHONHTTPSVERIFY["'\]]*\s*=\s*["']0["']$` },
      ],
    },
  },
  {
    id: 'tls-verification-disabled--call',
    rule: {
      kind: 'call',
      has: { field: 'function', regex: String.raw`^ssl\._create_unverified_context$` },
    },
  },
];
const tlsGo: Entry[] = [
  {
    id: 'tls-verification-disabled--option',
    rule: { kind: 'keyed_element', regex: String.raw`^InsecureSkipVerify\s*:\s*true$` },
  },
  {
    id: 'tls-verification-disabled--assign',
    rule: { kind: 'assignment_statement', regex: String.raw`\.InsecureSkipVerify\s*=\s*true$` },
  },
];

// ---------------------------------------------------------------------------------------
// security/dynamic-code-on-input

function dynamicCode(
  functions: string,
  input: string,
  call: string,
  block: string,
  declarations: Rule[],
): Entry[] {
  return [
    {
      id: 'dynamic-code-on-input--direct',
      rule: {
        kind: call,
        all: [
          { has: { field: 'function', regex: functions } },
          { has: { field: 'arguments', regex: input } },
        ],
      },
    },
    {
      id: 'dynamic-code-on-input--variable',
      rule: {
        kind: call,
        all: [
          { has: { field: 'function', regex: functions } },
          { has: { field: 'arguments', has: { nthChild: 1, kind: 'identifier', pattern: '$A' } } },
          {
            inside: {
              any: block.split('|').map((kind) => ({ kind })),
              has: { any: declarations, stopBy: 'end' },
              stopBy: 'end',
            },
          },
        ],
      },
      constraints: { SRC: { regex: input } },
    },
  ];
}

const dynamicJs = [
  ...dynamicCode(
    String.raw`^(?:eval|Function|(?:child_process|cp|childProcess)\.(?:exec|execSync|execFile|execFileSync|spawn|spawnSync)|exec|execSync|execFile|execFileSync|spawn|spawnSync|vm\.(?:runInThisContext|runInNewContext|runInContext|compileFunction)|require)$`,
    REQUEST_INPUT_JS,
    'call_expression',
    'statement_block|program',
    [{ pattern: 'const $A = $SRC' }, { pattern: 'let $A = $SRC' }, { pattern: 'var $A = $SRC' }],
  ),
  {
    id: 'dynamic-code-on-input--new',
    rule: {
      kind: 'new_expression',
      all: [{ regex: String.raw`^new\s+(?:Function|vm\.Script)\b` }, { regex: REQUEST_INPUT_JS }],
    },
  },
];
const dynamicPy = dynamicCode(
  String.raw`^(?:eval|exec|compile|__import__|importlib\.import_module|os\.system|os\.popen|pickle\.loads|marshal\.loads|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput))$`,
  REQUEST_INPUT_PY,
  'call',
  'block|module',
  [{ pattern: '$A = $SRC' }],
);
const dynamicGo = dynamicCode(
  String.raw`^exec\.Command(?:Context)?$`,
  REQUEST_INPUT_GO,
  'call_expression',
  'block',
  [{ pattern: '$A := $SRC' }, { pattern: 'var $A = $SRC' }],
).map((entry) =>
  entry.id === 'dynamic-code-on-input--variable'
    ? {
        ...entry,
        rule: {
          kind: 'call_expression',
          all: [
            { has: { field: 'function', regex: String.raw`^exec\.Command(?:Context)?$` } },
            { has: { field: 'arguments', has: { kind: 'identifier', pattern: '$A' } } },
            {
              inside: {
                kind: 'block',
                has: {
                  any: [{ pattern: '$A := $SRC' }, { pattern: 'var $A = $SRC' }],
                  stopBy: 'end',
                },
                stopBy: 'end',
              },
            },
          ],
        },
      }
    : entry,
);

// ---------------------------------------------------------------------------------------
// security/sql-concatenation

const sqlJs: Entry[] = [
  {
    id: 'sql-concatenation--concat',
    rule: {
      kind: 'binary_expression',
      all: [{ regex: SQL }, { regex: REQUEST_INPUT_JS }],
      not: { inside: { kind: 'binary_expression' } },
    },
  },
  {
    id: 'sql-concatenation--template',
    rule: {
      kind: 'template_string',
      all: [{ regex: SQL }, { regex: String.raw`\$\{[^}]*(?:${REQUEST_INPUT_JS})` }],
      not: { inside: { kind: 'call_expression' } },
    },
  },
];
const sqlPy: Entry[] = [
  {
    id: 'sql-concatenation--concat',
    rule: {
      kind: 'binary_operator',
      all: [{ regex: SQL }, { regex: REQUEST_INPUT_PY }],
      not: { inside: { kind: 'binary_operator' } },
    },
  },
  {
    id: 'sql-concatenation--template',
    rule: {
      kind: 'string',
      all: [
        { regex: '^[fF]' },
        { regex: SQL },
        { has: { kind: 'interpolation', regex: REQUEST_INPUT_PY, stopBy: 'end' } },
      ],
    },
  },
  {
    id: 'sql-concatenation--format',
    rule: {
      kind: 'call',
      all: [
        {
          has: {
            field: 'function',
            kind: 'attribute',
            regex: String.raw`\.format$`,
            has: { kind: 'string', regex: SQL },
          },
        },
        { has: { field: 'arguments', regex: REQUEST_INPUT_PY } },
      ],
    },
  },
];
const sqlGo: Entry[] = [
  {
    id: 'sql-concatenation--concat',
    rule: {
      kind: 'binary_expression',
      all: [{ regex: SQL }, { regex: REQUEST_INPUT_GO }],
      not: { inside: { kind: 'binary_expression' } },
    },
  },
  {
    id: 'sql-concatenation--template',
    rule: {
      kind: 'call_expression',
      all: [
        { has: { field: 'function', regex: String.raw`^fmt\.Sprintf$` } },
        { has: { field: 'arguments', all: [{ regex: SQL }, { regex: REQUEST_INPUT_GO }] } },
      ],
    },
  },
];

// ---------------------------------------------------------------------------------------
// security/http-in-migration

const httpJs: Entry[] = [
  {
    id: 'http-in-migration--call',
    rule: {
      kind: 'call_expression',
      has: {
        field: 'function',
        regex: String.raw`^(?:fetch|axios|got|ky|superagent|needle|request)$|^(?:axios|got|ky|superagent|needle|http|https|undici)\.(?:get|post|put|patch|delete|head|request|fetch)$`,
      },
    },
  },
  { id: 'http-in-migration--xhr', rule: { pattern: 'new XMLHttpRequest()' } },
];
const httpPy: Entry[] = [
  {
    id: 'http-in-migration--call',
    rule: {
      kind: 'call',
      has: {
        field: 'function',
        regex: String.raw`^(?:requests|httpx|urllib3|aiohttp)\.\w+$|^(?:urllib\.request\.)?urlopen$|^http\.client\.HTTPS?Connection$`,
      },
    },
  },
];
const httpGo: Entry[] = [
  {
    id: 'http-in-migration--call',
    rule: {
      kind: 'call_expression',
      has: {
        field: 'function',
        regex: String.raw`^http\.(?:Get|Post|PostForm|Head|NewRequest|NewRequestWithContext)$|^(?:http\.DefaultClient|[hH]ttpClient|client)\.(?:Do|Get|Post)$`,
      },
    },
  },
];

// ---------------------------------------------------------------------------------------
// security/production-db-in-tests

const prodDbJs: Entry[] = [
  {
    id: 'production-db-in-tests--url',
    rule: { any: [{ kind: 'string' }, { kind: 'template_string' }], regex: DB_URL },
  },
  {
    id: 'production-db-in-tests--env',
    rule: { any: [{ pattern: 'process.env.$NAME' }, { pattern: 'process.env[$NAME]' }] },
    constraints: { NAME: { regex: PROD_DB_ENV } },
    captures: ['NAME'],
  },
  {
    id: 'production-db-in-tests--mode',
    rule: { any: [{ pattern: 'process.env.$NAME = $V' }, { pattern: 'process.env[$NAME] = $V' }] },
    captures: ['NAME', 'V'],
  },
];
const prodDbPy: Entry[] = [
  { id: 'production-db-in-tests--url', rule: { kind: 'string', regex: DB_URL } },
  {
    id: 'production-db-in-tests--env',
    rule: {
      any: [
        { pattern: 'os.getenv($NAME)' },
        { pattern: 'os.getenv($NAME, $$$)' },
        { pattern: 'os.environ[$NAME]' },
        { pattern: 'os.environ.get($NAME)' },
        { pattern: 'os.environ.get($NAME, $$$)' },
      ],
    },
    constraints: { NAME: { regex: PROD_DB_ENV } },
    captures: ['NAME'],
  },
  {
    id: 'production-db-in-tests--mode',
    rule: {
      any: [
        { pattern: 'os.environ[$NAME] = $V' },
        { pattern: '$M.setenv($NAME, $V)' },
        { pattern: '$M.setenv($NAME, $V, $$$)' },
      ],
    },
    captures: ['NAME', 'V'],
  },
];
const prodDbGo: Entry[] = [
  {
    id: 'production-db-in-tests--url',
    rule: {
      any: [{ kind: 'interpreted_string_literal' }, { kind: 'raw_string_literal' }],
      regex: DB_URL,
    },
  },
  {
    id: 'production-db-in-tests--env',
    rule: { any: [goCall('os.Getenv($NAME)'), goCall('os.LookupEnv($NAME)')] },
    constraints: { NAME: { regex: PROD_DB_ENV } },
    captures: ['NAME'],
  },
  {
    id: 'production-db-in-tests--mode',
    rule: { any: [goCall('os.Setenv($NAME, $V)'), goCall('$T.Setenv($NAME, $V)')] },
    captures: ['NAME', 'V'],
  },
];

export const SECURITY_PATTERNS: readonly PatternRule[] = [
  ...entries(JS, [
    ...bypassJs,
    ...publicJs,
    ...jwtJs,
    ...stubJs,
    ...queryJs,
    ...tlsJs,
    ...dynamicJs,
    ...sqlJs,
    ...httpJs,
    ...prodDbJs,
  ]),
  ...entries(
    ['python'],
    [
      ...bypassPy,
      ...publicPy,
      ...jwtPy,
      ...stubPy,
      ...queryPy,
      ...tlsPy,
      ...dynamicPy,
      ...sqlPy,
      ...httpPy,
      ...prodDbPy,
    ],
  ),
  ...entries(
    ['go'],
    [
      ...bypassGo,
      ...publicGo,
      ...jwtGo,
      ...stubGo,
      ...queryGo,
      ...tlsGo,
      ...dynamicGo,
      ...sqlGo,
      ...httpGo,
      ...prodDbGo,
    ],
  ),
];
