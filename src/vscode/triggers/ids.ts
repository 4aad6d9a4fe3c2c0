/** Ids contributed by the triggers feature (must match package.json). */
export const TRIGGER_COMMANDS = {
  fire: 'adf.fireTrigger',
  showTimes: 'adf.showTriggerTimes',
  backfill: 'adf.backfillTrigger',
  watch: 'adf.watchBlobEvents',
  stopWatch: 'adf.stopWatchingBlobEvents',
} as const;
export const TRIGGER_DOCS: { language: string; pattern: string }[] = [
  { language: 'json', pattern: '**/trigger/*.json' },
  { language: 'jsonc', pattern: '**/trigger/*.json' },
];
