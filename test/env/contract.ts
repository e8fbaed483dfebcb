/** The environment modes of the agenticverz rulebook, as a contract. */
export const MODES_CONTRACT = `version: 1
environments:
  variable: AOS_MODE
  modes:
    local:
      values: { DB_AUTHORITY: local, CUSTOMER_SANDBOX_ENABLED: 'true' }
    test:
      values: { DB_AUTHORITY: neon }
      required: [DATABASE_URL]
    preprod:
      values: { DB_AUTHORITY: neon }
      required: [DATABASE_URL]
    prod:
      production: true
      values:
        DB_AUTHORITY: neon
        CUSTOMER_SANDBOX_ENABLED: 'false'
        LOG_LEVEL: [info, warn, error]
      required: [DATABASE_URL]
      forbidden: [AUTH_STUB_USER]
  productionGated: ['/__debug/**']
`;
