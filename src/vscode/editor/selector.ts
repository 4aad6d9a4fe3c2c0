/** Documents the editor features apply to: JSON files directly inside an ADF folder. */
import * as vscode from 'vscode';
import { RESOURCE_KINDS } from '../../engine/model';

const kinds = `{${RESOURCE_KINDS.join(',')}}`;
export const ADF_SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file', pattern: `**/${kinds}/*.json` },
  { language: 'jsonc', scheme: 'file', pattern: `**/${kinds}/*.json` },
];
export const PIPELINE_SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file', pattern: '**/pipeline/*.json' },
  { language: 'jsonc', scheme: 'file', pattern: '**/pipeline/*.json' },
];
/** Where expression completion, hover and signature help apply: ADF resource files and Fabric pipeline items. */
export const EXPRESSION_SELECTOR: vscode.DocumentSelector = [
  ...ADF_SELECTOR,
  { language: 'json', scheme: 'file', pattern: '**/*.DataPipeline/pipeline-content.json' },
  { language: 'jsonc', scheme: 'file', pattern: '**/*.DataPipeline/pipeline-content.json' },
];
