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
