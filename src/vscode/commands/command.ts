/** One command per file: each exports an AdfCommand; index.ts registers them all. */
import type { AdfServices } from '../api';

export interface AdfCommand {
  id: string;
  /** Arguments come from menus (tree nodes), CodeLens (URIs), the monitor (run ids) or nothing (palette). */
  run(services: AdfServices, ...args: unknown[]): unknown;
}
