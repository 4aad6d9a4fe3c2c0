/** Ids contributed by the pipeline-tests feature (must match package.json). */
export const TESTING = {
  controller: 'adf.tests',
  openRun: 'adf.openTestRun',
  createFromRun: 'adf.createTestFromRun',
  messageContext: 'adf.testFailure',
} as const;
