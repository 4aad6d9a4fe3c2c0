/**
 * Rules for Microsoft Fabric pipelines (ADF8xxx) and for Fabric activity types met in ADF factories. The
 * difference table of the fabric area decides which activity types belong where.
 */
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { FabricCodes, formatMessage, severityOf } from '../codes';
import { rangeAt } from '../json';
import type { ActivityInfo, Factory, Resource } from '../model';
import { childPipelineName } from '../model';
import { fabricTypeDifference, findLibrary, libraryVariableRefs } from '../fabric';
import { at, type Report } from './context';

/** The pipeline name an InvokePipeline pipelineId stands for in a Fabric workspace (logicalId or folder id). */
export function invokedPipelineName(factory: Factory, a: ActivityInfo): string | undefined {
  return childPipelineName(factory, 'InvokePipeline', a.json);
}

/** ADF8010: a child pipeline id (InvokePipeline pipelineId, legacy ExecutePipeline referenceName) that is no item here. */
export function unresolvedPipelineIdMessage(activityType: string, name: string, id: string): string {
  return formatMessage(FabricCodes.unresolvedPipelineId, { activity: activityType, name, id });
}

function isInvokePipeline(a: ActivityInfo): boolean {
  return typeof a.type === 'string' && a.type.toLowerCase() === 'invokepipeline';
}

/** Activity types by platform, InvokePipeline targets, required properties of Fabric-only types, library variables. */
export function checkFabricActivities(factory: Factory, pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  const fabric = factory.fabric;
  for (const a of activities) {
    const diff = fabricTypeDifference(a.type);
    const typePath = [...a.path, 'type'];
    if (!fabric) {
      if (diff?.status === 'fabric-only') report(at(pipeline, typePath, FabricCodes.fabricOnlyInFactory, `Activity "${a.name}" of type "${a.type}" exists only in Microsoft Fabric (${diff.note}); Azure Data Factory cannot run it.`));
      continue;
    }
    if (diff?.status === 'adf-only') report(at(pipeline, typePath, FabricCodes.adfOnlyActivity, `Activity "${a.name}" of type "${a.type}" exists only in Azure Data Factory: ${diff.note}.`));
    else if (diff?.status === 'legacy') report(at(pipeline, typePath, FabricCodes.legacyActivity, `Activity "${a.name}" uses the legacy ${a.type} activity: ${diff.note}.`));
    else if (diff?.status === 'fabric-only') {
      const tp = a.json.typeProperties;
      for (const prop of diff.required ?? []) {
        if (!tp || typeof tp !== 'object' || !(prop in tp)) report(at(pipeline, [...a.path, tp ? 'typeProperties' : 'name'], FabricCodes.missingTypeProperty, `${a.type} "${a.name}" needs typeProperties.${prop} (Fabric's definition of the activity requires it).`));
      }
    }
    if (isInvokePipeline(a)) {
      const tp = a.json.typeProperties ?? {};
      const op = tp.operationType;
      if (op !== undefined && op !== 'InvokeFabricPipeline') {
        report(at(pipeline, [...a.path, 'typeProperties', 'operationType'], FabricCodes.remoteInvoke, `InvokePipeline "${a.name}" has operationType "${String(op)}": local runs start Fabric pipelines of this workspace only; give the activity a mock (--mock ${a.name}=output.json).`));
        continue;
      }
      const id = tp.pipelineId;
      if (typeof id === 'string' && !id.startsWith('@') && !invokedPipelineName(factory, a)) {
        report(at(pipeline, [...a.path, 'typeProperties', 'pipelineId'], FabricCodes.unresolvedPipelineId, unresolvedPipelineIdMessage('InvokePipeline', a.name, id)));
      }
    }
  }
  if (!fabric) return;
  for (const ref of libraryVariableRefs(pipeline.properties)) {
    const base = ['properties', 'libraryVariables', ref.alias];
    const lib = findLibrary(fabric, ref.libraryName);
    if (!lib) {
      report(at(pipeline, [...base, 'libraryName'], FabricCodes.unresolvedLibraryVariable, `libraryVariables "${ref.alias}" names variable library "${ref.libraryName ?? '(none)'}", which the workspace does not have${fabric.libraries.length ? ` (libraries: ${fabric.libraries.map((l) => l.name).join(', ')})` : ' (no *.VariableLibrary item)'}.`));
      continue;
    }
    if (!ref.variableName || !lib.variables.some((v) => v.name.toLowerCase() === ref.variableName!.toLowerCase())) {
      report(at(pipeline, [...base, 'variableName'], FabricCodes.unresolvedLibraryVariable, `libraryVariables "${ref.alias}" names variable "${ref.variableName ?? '(none)'}" of library "${lib.name}", which the workspace does not have (variables: ${lib.variables.map((v) => v.name).join(', ') || 'none'}).`));
    }
  }
}

/**
 * Connection ids (and inline linked service names) of a Fabric workspace that a local connections file does not
 * map. `connections` is the file's content; `file` names it in the messages.
 */
export function checkFabricConnections(factory: Factory, connections: Record<string, unknown>, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!factory.fabric) return out;
  const keys = Object.keys(connections).map((k) => k.toLowerCase());
  for (const use of factory.fabric.connectionUses) {
    if (keys.includes(use.connectionId.toLowerCase())) continue;
    const res = factory.resources.pipeline.get(use.pipeline);
    if (!res) continue;
    const r = rangeAt(res.doc, use.path);
    out.push({ file: res.file, ...r, severity: severityOf(FabricCodes.undeclaredConnection), code: FabricCodes.undeclaredConnection, source: 'semantic', path: use.path, message: `Connection id "${use.connectionId}" is not declared in the connections file ${path.basename(file)}: add {"${use.connectionId}": {"type": "FileServer", "host": "..."}} (the local connector's settings) to run this activity locally.` });
  }
  return out;
}
