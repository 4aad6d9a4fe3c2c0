/** Triggers: model, validation, fire times, tumbling windows, local firing, backfill and blob events. */
export * from './model';
export { ianaZone, readTriggerTime, isoUtc, hasZoneDesignator } from './timeZone';
export { scheduleFireTimes, type FireTimeOptions, type FireTimes } from './schedule';
export { tumblingWindows, windowAt, windowIndexAt, windowExists, dependencyRange, windowsOverlapping, type Window, type WindowOptions } from './tumbling';
export { validateTriggers, validateTrigger, TRIGGER_TYPES } from './validate';
export { fireTrigger, triggerContext, bindParameters, getTrigger, windowDueAt, engineRunner, type FireOptions, type FiredRun, type PipelineRunner, type TriggeredRunOptions, type TriggerContext } from './fire';
export { backfill, type BackfillOptions, type WindowRun, type WindowStatus } from './backfill';
export { blobEventMismatch, blobTriggerBody, containerOf, eventPath, matchingTriggers, type BlobEvent, type BlobEventType } from './blobEvents';
export { BlobEventWatcher, blobContainerSource, folderSource, watchedContainers, blobTriggers, type BlobSource, type BlobEntry, type WatchNotice, type WatcherOptions } from './watch';
export { nextFireSummary, describeTrigger, upcoming, type Upcoming } from './describe';
