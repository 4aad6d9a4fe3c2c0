import * as vscode from 'vscode';
import { RESOURCE_KINDS, type Resource } from '../../engine/model';
import { COMMANDS } from '../constants';
import { impactEngine } from '../engineModules';
import type { AdfCommand } from './command';
import { resourceOf } from '../tree/nodes';

/**
 * Data Factory: Show References — every resource that references this one, directly or through others (as
 * `adfw refs`), in the references peek of the resource's file. Returns the locations (for tests).
 */
const command: AdfCommand = {
  id: COMMANDS.showReferences,
  async run(services, arg) {
    let t = resourceOf(arg);
    if (!t) {
      const editor = vscode.window.activeTextEditor;
      const r = editor && services.index.resourceFor(editor.document.uri);
      const f = editor && services.index.factoryFor(editor.document.uri);
      if (r && f) t = { factory: f, resource: r };
    }
    if (!t) {
      const all = services.index.factories().flatMap((factory) => RESOURCE_KINDS.flatMap((k) => [...factory.resources[k].values()].map((resource: Resource) => ({ label: resource.name, description: `${resource.kind}${services.index.factories().length > 1 ? ` · ${factory.name}` : ''}`, factory, resource }))));
      const pick = await vscode.window.showQuickPick(all, { placeHolder: 'Show references of…', matchOnDescription: true });
      if (!pick) return undefined;
      t = { factory: pick.factory, resource: pick.resource };
    }
    const impact = impactEngine().impactOf(t.factory, t.resource.kind, t.resource.name);
    if (!impact) return undefined;
    const docs = new Map<string, vscode.TextDocument>();
    const open = async (file: string) => {
      let d = docs.get(file);
      if (!d) docs.set(file, (d = await vscode.workspace.openTextDocument(vscode.Uri.file(file))));
      return d;
    };
    const locations: vscode.Location[] = [];
    for (const e of impact.referencedBy) {
      for (const l of e.locations) {
        const d = await open(l.file);
        locations.push(new vscode.Location(d.uri, new vscode.Range(d.positionAt(l.offset), d.positionAt(l.offset + l.length))));
      }
    }
    if (!locations.length) {
      void vscode.window.showInformationMessage(
        impact.dynamicReferences.length
          ? vscode.l10n.t("{0} '{1}' is not referenced by any resource of {2} ({3} reference(s) name a {0} with an expression and may reach it at run time).", t.resource.kind, t.resource.name, t.factory.name, impact.dynamicReferences.length)
          : vscode.l10n.t("{0} '{1}' is not referenced by any resource of {2}.", t.resource.kind, t.resource.name, t.factory.name),
      );
      return locations;
    }
    const own = await open(t.resource.file);
    const nameOffset = own.getText().indexOf(JSON.stringify(t.resource.name));
    await vscode.window.showTextDocument(own, { preview: true });
    await vscode.commands.executeCommand('editor.action.showReferences', own.uri, own.positionAt(Math.max(0, nameOffset)), locations);
    return locations;
  },
};
export default command;
