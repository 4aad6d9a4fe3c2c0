/** `adfw lint`: best-practice rules over a factory, their configuration, suppressions and SARIF output. */
export * from './types';
export { RULES, INVALID_SUPPRESSION, ruleById, typesWithRetryPolicy } from './rules';
export { CONFIG_FILE, LintConfigError, defaultConfig, findLintConfig, loadLintConfig, parseLintConfig, type ConfigSuppression, type LintConfig, type RuleSetting } from './config';
export { SUPPRESSION_MARKER, inlineSuppressions, parseSuppressionText } from './suppress';
export { lintFactory, settingFor, type LintResult } from './lint';
export { toSarif, SARIF_SCHEMA_URI, type SarifInput } from './sarif';
export { rulesMarkdown, RULES_DOC_PATH } from './docs';
