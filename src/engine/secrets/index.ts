/**
 * Which values are secrets, by name: the one rule used to mask secrets in run records and logs
 * (run/secrets.ts) and to refuse literal secrets in stage files (stages/apply.ts). Kept apart from the run
 * engine so that code outside it can apply the rule without loading the engine.
 */

/** Property names whose string values are secrets. */
export const SECRET_KEY = /(password|secret|key$|accountkey|accesskey|connectionstring|sastoken|sasuri|sas$|token|credential|authorization|signature|pwd)/i;
/** Connection-string parts that are secrets. */
export const SECRET_PART = /^(accountkey|sharedaccesskey|sharedaccesssignature|password|pwd|accesskey|key|clientsecret)$/i;

/** True for property names whose string values are secrets (password, accountKey, connectionString, ...). */
export function isSecretPropertyName(name: string): boolean {
  return SECRET_KEY.test(name);
}

/** True for connection-string parts that are secrets (AccountKey, Password, SharedAccessSignature, ...). */
export function isSecretConnectionPart(name: string): boolean {
  return SECRET_PART.test(name.trim());
}
