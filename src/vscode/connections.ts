/**
 * Local connection overrides (linked service name -> property overrides, e.g. a connection string for the
 * local Cosmos DB), kept in SecretStorage — never in settings or workspace files.
 */
import type * as vscode from 'vscode';
import { SECRET_CONNECTIONS } from './constants';

export type Connections = Record<string, Record<string, unknown>>;

export class ConnectionStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async all(): Promise<Connections> {
    const raw = await this.secrets.get(SECRET_CONNECTIONS);
    if (!raw) return {};
    try {
      const v = JSON.parse(raw) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Connections) : {};
    } catch {
      return {};
    }
  }

  async set(linkedService: string, overrides: Record<string, unknown> | undefined): Promise<void> {
    const all = await this.all();
    if (overrides && Object.keys(overrides).length) all[linkedService] = overrides;
    else delete all[linkedService];
    await this.secrets.store(SECRET_CONNECTIONS, JSON.stringify(all));
  }
}
