/**
 * The one parameter prompt of the extension (local runs and runs in Azure): a typed, validated input box per
 * declared pipeline parameter, prefilled with its default. Values are converted by the engine's one coercer
 * (model/parameters.ts), so the prompt accepts exactly what the run accepts.
 */
import * as vscode from 'vscode';
import { coerce, normaliseType } from '../../engine/model';

/** Text shown in the input box for a default value. */
function defaultText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * Asks for each declared parameter; returns the typed values, or undefined when the user cancelled.
 * `where` ends the title ("Run P locally", "Run P in Azure").
 */
export async function promptParameters(pipelineName: string, declared: unknown, where = ''): Promise<Record<string, unknown> | undefined> {
  const out: Record<string, unknown> = {};
  if (!declared || typeof declared !== 'object') return out;
  const entries = Object.entries(declared as Record<string, { type?: string; defaultValue?: unknown }>);
  for (const [i, [name, spec]] of entries.entries()) {
    const type = normaliseType(spec?.type) ?? 'String';
    const hasDefault = !!spec && 'defaultValue' in spec;
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Run {0}{1}: parameter {2} of {3}', pipelineName, where ? ` ${where}` : '', i + 1, entries.length),
      prompt: `${name} (${type})${hasDefault ? ' — prefilled with its default' : ' — required'}`,
      value: hasDefault ? defaultText(spec.defaultValue) : '',
      password: type === 'SecureString',
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (!hasDefault && v === '' && type !== 'String') return `${name} has no default: enter a ${type} value.`;
        const r = coerce(type, v);
        return r.error !== undefined ? `${name}: ${r.error}` : undefined;
      },
    });
    if (text === undefined) return undefined;
    out[name] = coerce(type, text).value;
  }
  return out;
}
