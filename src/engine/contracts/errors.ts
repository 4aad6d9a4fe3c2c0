/**
 * Copy failures in ADF's shape. ADF reports a failed Copy activity with errorCode 2200 (user error) or 2100
 * (connection/system) and a message of the form
 *   Failure happened on 'Sink' side. ErrorCode=<connector code>,'Type=...,Message=<text>,Source=...,'
 */
import { ActivityFailure } from './types';

export type Side = 'Source' | 'Sink';

/** Connector error codes used by ADF's connectors (as listed in ADF's connector troubleshooting guide). */
export const CONNECTOR_CODES = {
  cosmos: 'CosmosDbSqlApiOperationFailed',
  blob: 'AzureBlobOperationFailed',
  file: 'UserErrorFileNotFound',
  format: 'UserErrorInvalidDataFormat',
  mapping: 'UserErrorInvalidColumnMappingColumnNotFound',
  unsupported: 'UserErrorNotSupported',
  cancelled: 'OperationCanceled',
} as const;

/** Message body for a connector failure, e.g. Cosmos: "CosmosDbSqlApi operation Failed. ErrorMessage: ...". */
export function cosmosMessage(detail: string): string {
  return `CosmosDbSqlApi operation Failed. ErrorMessage: ${detail}`;
}

/** Builds the ADF-style failure text for a side and connector code. */
export function copyFailureMessage(side: Side, code: string, message: string): string {
  return `Failure happened on '${side}' side. ErrorCode=${code},'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=${message},Source=Microsoft.DataTransfer.ClientLibrary,'`;
}

/** A failure raised by a connector, carrying its side and connector code until the copy wraps it. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    public readonly side: Side,
    public readonly code: string,
    public readonly failureType: 'UserError' | 'SystemError' = 'UserError',
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** Converts any error from a copy into an ActivityFailure with ADF's code and message. */
export function toActivityFailure(e: unknown, output?: Record<string, unknown>): ActivityFailure {
  if (e instanceof ActivityFailure) return e;
  if (e instanceof ConnectorError) {
    const errorCode = e.failureType === 'SystemError' ? '2100' : '2200';
    return new ActivityFailure(copyFailureMessage(e.side, e.code, e.message), errorCode, e.failureType, output);
  }
  const msg = (e as Error)?.message ?? String(e);
  return new ActivityFailure(copyFailureMessage('Source', 'SystemErrorUnexpected', msg), '2200', 'SystemError', output);
}
