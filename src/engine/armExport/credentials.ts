/**
 * Credentials kept in the service. ADF's git layout stores a linked service's secret only as
 * `encryptedCredential` (encrypted with a key of the source factory, useless anywhere else); ADF's
 * export drops it and puts the secret field it stands for back as a `SecureString` whose value is a
 * `secureString` template parameter `<linkedService>_<field>` ("Secure string for '<field>' of
 * '<linkedService>'"). Which field that is depends on the connector and its authentication; this table
 * names it for the connectors whose secret is one field. A connection string holding the secret needs
 * nothing more: its own parameterisation (`connectionString` → secureString) already covers it.
 */

type TypeProps = Record<string, unknown>;

interface CredentialRule {
  types: string[];
  /** The secret field the encrypted credential stands for, or undefined when this rule does not apply. */
  field(tp: TypeProps): string | undefined;
}

const has = (tp: TypeProps, ...keys: string[]) => keys.some((k) => tp[k] !== undefined && tp[k] !== null && tp[k] !== '');
const auth = (tp: TypeProps) => (typeof tp.authenticationType === 'string' ? tp.authenticationType : '');

/** User + password connectors: a service principal's key when one is named, else the password when a user is named. */
const userPassword = (tp: TypeProps) => (has(tp, 'servicePrincipalId') ? 'servicePrincipalKey' : has(tp, 'userName', 'username', 'userId', 'user') ? 'password' : undefined);

const RULES: CredentialRule[] = [
  { types: ['AzureBlobFS', 'AzureBlobStorage', 'AzureFileStorage'], field: (tp) => (has(tp, 'servicePrincipalId') ? 'servicePrincipalKey' : has(tp, 'connectionString', 'sasUri') ? undefined : has(tp, 'url', 'accountName', 'serviceEndpoint') ? 'accountKey' : undefined) },
  { types: ['AzureDataLakeStore', 'AzureDataExplorer', 'AzureBatch'], field: (tp) => (has(tp, 'servicePrincipalId') ? 'servicePrincipalKey' : undefined) },
  {
    types: ['AzureSqlDatabase', 'AzureSqlDW', 'AzureSqlMI', 'SqlServer', 'AzurePostgreSql', 'AzureMySql', 'MySql', 'PostgreSql', 'PostgreSqlV2', 'Oracle', 'Db2', 'Teradata', 'AmazonRedshift', 'Sybase', 'Informix', 'Odbc', 'Snowflake', 'SnowflakeV2', 'SapHana', 'Netezza', 'Greenplum', 'Vertica', 'MariaDB', 'AmazonRdsForOracle', 'AmazonRdsForSqlServer', 'SapTable', 'SapBW', 'SapOpenHub', 'Hive', 'Impala', 'Spark', 'HDInsight', 'Hdfs', 'FileServer', 'FtpServer', 'Sftp', 'HttpServer', 'RestService', 'OData', 'Dynamics', 'DynamicsCrm', 'CommonDataServiceForApps', 'SharePointOnlineList', 'Salesforce', 'SalesforceServiceCloud', 'ServiceNow', 'Jira', 'Marketo', 'Zendesk'],
    field: (tp) => {
      const a = auth(tp);
      if (/ServicePrincipal/i.test(a) && has(tp, 'servicePrincipalId')) return 'servicePrincipalKey';
      if (/^(Anonymous|ManagedIdentity|MSI|SystemAssignedManagedIdentity|UserAssignedManagedIdentity|Windows|ClientCertificate)$/i.test(a) && !has(tp, 'userName', 'username', 'userId', 'user')) return undefined;
      if (/SshPublicKey/i.test(a)) return 'privateKeyContent';
      return userPassword(tp);
    },
  },
  { types: ['AzureDatabricks', 'AzureDatabricksDeltaLake'], field: (tp) => (has(tp, 'authentication', 'credential') ? undefined : 'accessToken') },
  { types: ['SalesforceV2', 'SalesforceServiceCloudV2'], field: (tp) => (/OAuth2ClientCredential/i.test(auth(tp)) || has(tp, 'clientId') ? 'clientSecret' : undefined) },
  { types: ['AmazonS3', 'AmazonS3Compatible', 'GoogleCloudStorage', 'OracleCloudStorage'], field: (tp) => (has(tp, 'accessKeyId') ? 'secretAccessKey' : undefined) },
  { types: ['CosmosDb'], field: (tp) => (has(tp, 'connectionString') ? undefined : has(tp, 'servicePrincipalId') ? 'servicePrincipalCredential' : has(tp, 'accountEndpoint') ? 'accountKey' : undefined) },
  { types: ['AzureFunction'], field: () => 'functionKey' },
  { types: ['AzureSearch'], field: () => 'key' },
  { types: ['AzureMLService', 'AzureML'], field: (tp) => (has(tp, 'servicePrincipalId') ? 'servicePrincipalKey' : has(tp, 'mlEndpoint') ? 'apiKey' : undefined) },
];

const BY_TYPE = new Map<string, CredentialRule>();
for (const r of RULES) for (const t of r.types) BY_TYPE.set(t.toLowerCase(), r);

/** Connector types this table names a secret field for (for tests against the SDK's models). */
export const CREDENTIAL_RULE_TYPES: readonly string[] = RULES.flatMap((r) => r.types);

/**
 * The secret field that a linked service's `encryptedCredential` stands for, or undefined when the
 * credential is inside a connection string (or the connector has none this table knows).
 */
export function encryptedCredentialField(linkedServiceType: string | undefined, typeProperties: TypeProps): string | undefined {
  const rule = BY_TYPE.get(String(linkedServiceType ?? '').toLowerCase());
  if (!rule) return undefined;
  const field = rule.field(typeProperties);
  if (!field || typeProperties[field] !== undefined) return undefined;
  return field;
}

/** The parameter metadata ADF writes for a secure parameter. */
export function secureMetadata(field: string, resource: string): string {
  return `Secure string for '${field}' of '${resource}'`;
}
