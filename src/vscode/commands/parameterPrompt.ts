/** Asks for each declared pipeline parameter with a typed, validated input box prefilled with its default. */
import * as vscode from 'vscode';
import type { Resource } from '../../engine/model';
import { loadRun } from '../engineModules';

/** Text shown in the input box for a default value. */
export function defaultText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Returns the values entered, or undefined when the user cancelled. */
export async function promptParameters(resource: Resource): Promise<Record<string, unknown> | undefined> {
  const declared = resource.properties.parameters;
  const out: Record<string, unknown> = {};
  if (!declared || typeof declared !== 'object') return out;
  const { coerce, normaliseType } = await loadRun();
  const entries = Object.entries(declared as Record<string, { type?: string; defaultValue?: unknown }>);
  for (const [i, [name, spec]] of entries.entries()) {
    const type = normaliseType(spec?.type) ?? 'String';
    const hasDefault = spec && 'defaultValue' in spec;
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Run {0}: parameter {1} of {2}', resource.name, i + 1, entries.length),
      prompt: `${name} (${type})${hasDefault ? ' — prefilled with its default' : ' — required'}`,
      value: hasDefault ? defaultText(spec.defaultValue) : '',
      password: type === 'SecureString',
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (!hasDefault && v === '' && type !== 'String') return `${name} has no default: enter a ${type} value.`;
        const r = coerce(type, v);
        return r.error ? `${name}: ${r.error}` : undefined;
      },
    });
    if (text === undefined) return undefined;
    out[name] = coerce(type, text).value;
  }
  return out;
}
