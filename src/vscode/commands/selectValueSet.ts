import * as vscode from 'vscode';
import * as path from 'node:path';
import { workspaceValueSets } from '../../engine/fabric';
import type { Factory } from '../../engine/model';
import type { AdfServices } from '../api';
import { FABRIC_COMMANDS } from '../constants';
import type { FabricValueSets } from '../valueSets';
import type { AdfCommand } from './command';

/** The Fabric workspace a node (its factory), a URI inside it, or a folder path names; else the one there is, or a picker. */
async function resolveWorkspace(services: AdfServices, arg: unknown): Promise<Factory | undefined> {
  const fabric = services.index.factories().filter((f) => !!f.fabric);
  const byRoot = (root: string) => fabric.find((f) => path.resolve(f.root) === path.resolve(root));
  if (arg && typeof arg === 'object' && 'factory' in arg && (arg as { factory?: Factory }).factory) return byRoot((arg as { factory: Factory }).factory.root);
  if (arg instanceof vscode.Uri) {
    const f = services.index.factoryFor(arg) ?? byRoot(arg.fsPath);
    return f?.fabric ? f : undefined;
  }
  if (typeof arg === 'string' && arg) return byRoot(arg);
  if (!fabric.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No Fabric workspace folder (*.DataPipeline items) in this workspace.'));
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const current = active ? services.index.factoryFor(active) : undefined;
  if (current?.fabric) return current;
  if (fabric.length === 1) return fabric[0];
  const pick = await vscode.window.showQuickPick(
    fabric.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.root), factory: f })),
    { placeHolder: vscode.l10n.t('Select a Fabric workspace') },
  );
  return pick?.factory;
}

/**
 * Data Factory: Select Variable Library Value Set — the value set local runs, pipeline tests and the editor use for
 * a Fabric workspace folder. Scripted: `(workspace node | URI | folder path, valueSet)`, with `null` for the
 * default values. Returns `{workspace, valueSet}` (valueSet undefined: the default values), or undefined when
 * cancelled or refused.
 */
export function selectValueSet(store: FabricValueSets): AdfCommand {
  return {
    id: FABRIC_COMMANDS.selectValueSet,
    async run(services, arg, given) {
      const factory = await resolveWorkspace(services, arg);
      if (!factory?.fabric) {
        if (arg !== undefined) void vscode.window.showErrorMessage(vscode.l10n.t('Not a Fabric workspace folder of this workspace: {0}', describe(arg)));
        return undefined;
      }
      const sets = workspaceValueSets(factory.fabric);
      const current = store.get(factory.root);
      let chosen: string | undefined;
      if (given === null || typeof given === 'string') {
        if (typeof given === 'string' && given) {
          const known = sets.find((s) => s.name.toLowerCase() === given.toLowerCase());
          if (!known) {
            void vscode.window.showErrorMessage(vscode.l10n.t('Value set "{0}" is not in the variable libraries of {1} (value sets: {2}).', given, factory.name, sets.map((s) => s.name).join(', ') || vscode.l10n.t('none')));
            return undefined;
          }
          chosen = known.name;
        }
      } else {
        if (!factory.fabric.libraries.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Fabric workspace {0} has no variable library (*.VariableLibrary item): there is no value set to choose.', factory.name));
          return undefined;
        }
        type Item = vscode.QuickPickItem & { valueSet?: string };
        const mark = (name: string | undefined) => ((current ?? '').toLowerCase() === (name ?? '').toLowerCase() ? '$(check) ' : '');
        const items: Item[] = [
          {
            label: `${mark(undefined)}${vscode.l10n.t('Default values')}`,
            description: vscode.l10n.t('variables.json'),
            detail: factory.fabric.libraries.map((l) => l.name).join(' · '),
          },
          ...sets.map((s) => ({
            label: `${mark(s.name)}${s.name}`,
            valueSet: s.name,
            description: s.description,
            detail: s.libraries.map((l) => vscode.l10n.t('{0}: {1} override(s)', l.library, l.overrides)).join(' · '),
          })),
        ];
        if (current && !sets.some((s) => s.name.toLowerCase() === current.toLowerCase())) {
          items.push({ label: `$(warning) ${current}`, valueSet: current, description: vscode.l10n.t('no longer exists: default values are used') });
        }
        const pick = await vscode.window.showQuickPick(items, {
          title: vscode.l10n.t('Value set of {0}', factory.name),
          placeHolder: vscode.l10n.t('Variable library values for local runs, pipeline tests and the editor'),
          matchOnDescription: true,
          matchOnDetail: true,
        });
        if (!pick) return undefined;
        chosen = pick.valueSet;
      }
      await store.set(factory.root, chosen);
      services.log.info(`Fabric workspace ${factory.root}: value set ${chosen ?? '(default values)'}`);
      await services.index.refresh();
      return { workspace: factory.root, valueSet: chosen };
    },
  };
}

function describe(arg: unknown): string {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'factory' in arg) return String((arg as { factory?: Factory }).factory?.root ?? '');
  return String(arg);
}
