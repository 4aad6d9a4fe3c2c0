/**
 * The active value set of each Fabric workspace folder's variable libraries, chosen with "Select Variable Library
 * Value Set" and kept in the workspace state, keyed by the Fabric workspace folder. The factory index loads each
 * Fabric workspace with it, so local runs, pipeline tests and the editor all see the same values.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Factory } from '../engine/model';
import { STATE_VALUE_SET_PREFIX } from './constants';

export class FabricValueSets {
  /** Stale choices already reported this session (root + value set), so a reload does not repeat the warning. */
  private readonly warned = new Set<string>();

  constructor(private readonly state: vscode.Memento) {}

  /** The value set chosen for a Fabric workspace folder; undefined for the default values. */
  get(root: string): string | undefined {
    const v = this.state.get<unknown>(stateKey(root));
    return typeof v === 'string' && v ? v : undefined;
  }

  async set(root: string, valueSet: string | undefined): Promise<void> {
    await this.state.update(stateKey(root), valueSet || undefined);
    for (const k of [...this.warned]) if (k.startsWith(`${path.resolve(root)}\0`)) this.warned.delete(k);
  }

  /**
   * Warns once about each Fabric workspace whose chosen value set no variable library has any more (a value set
   * file renamed or deleted): its default values are used until another value set is chosen or the file is back.
   */
  warnStale(factories: readonly Factory[], select: (root: string) => void): void {
    for (const f of factories) {
      const missing = f.fabric?.missingValueSet;
      const key = `${path.resolve(f.root)}\0${missing}`;
      if (!missing || this.warned.has(key)) continue;
      this.warned.add(key);
      const where = f.fabric!.libraries.map((l) => path.join(path.relative(f.root, l.dir), 'valueSets', `${missing}.json`));
      const message = where.length
        ? vscode.l10n.t('Value set "{0}" of Fabric workspace {1} no longer exists ({2} not found): the default values of the variable libraries are used.', missing, f.name, where.join(', '))
        : vscode.l10n.t('Value set "{0}" of Fabric workspace {1}: the workspace has no variable library (*.VariableLibrary) any more; no library values apply.', missing, f.name);
      const choose = vscode.l10n.t('Select Value Set');
      void vscode.window.showWarningMessage(message, choose).then((pick) => pick === choose && select(f.root));
    }
  }
}

function stateKey(root: string): string {
  return `${STATE_VALUE_SET_PREFIX}${path.resolve(root)}`;
}
