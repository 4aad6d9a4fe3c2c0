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

/**
 * The secret parts inside a string: values of the secret parts of a connection string (AccountKey=...;
 * SharedAccessSignature=...; Password=...), the `sig` of a SAS query string (raw and decoded) and the token of a
 * bearer authorization value. Empty for a string that holds none.
 */
export function secretPartsOf(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && isSecretConnectionPart(part.slice(0, i))) out.push(part.slice(i + 1));
  }
  const sig = /[?&]sig=([^&\s]+)/i.exec(text);
  if (sig) {
    out.push(sig[1]);
    try {
      out.push(decodeURIComponent(sig[1]));
    } catch {
      // keep the raw form only
    }
  }
  const bearer = /^bearer\s+(.+)$/i.exec(text.trim());
  if (bearer) out.push(bearer[1]);
  return out;
}
