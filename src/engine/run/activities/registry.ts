/** Activity type -> implementation. Types without a local implementation fail with instructions for a mock. */
import type { ActivityHandler } from '../context';
import { forEachActivity, ifConditionActivity, switchActivity, untilActivity, filterActivity } from './controlFlow';
import { setVariableActivity, appendVariableActivity } from './variables';
import { waitActivity, failActivity } from './basic';
import { executePipelineActivity, invokePipelineActivity } from './executePipeline';
import { fabricTypeDifference } from '../../fabric';
import { copyActivity, lookupActivity, getMetadataActivity, deleteActivity, validationActivity, executeDataFlowActivity } from './data';
import { webActivity, webHookActivity } from './web';
import { notRunnable } from './mock';

const HANDLERS: Record<string, ActivityHandler> = {
  foreach: forEachActivity,
  ifcondition: ifConditionActivity,
  switch: switchActivity,
  until: untilActivity,
  filter: filterActivity,
  setvariable: setVariableActivity,
  appendvariable: appendVariableActivity,
  wait: waitActivity,
  fail: failActivity,
  executepipeline: executePipelineActivity,
  invokepipeline: invokePipelineActivity,
  copy: copyActivity,
  lookup: lookupActivity,
  getmetadata: getMetadataActivity,
  delete: deleteActivity,
  validation: validationActivity,
  executedataflow: executeDataFlowActivity,
  webactivity: webActivity,
  webhook: webHookActivity,
};

/** Types the local engine runs itself (everything else needs a mock). */
export const LOCAL_TYPES = Object.keys(HANDLERS);

export function handlerFor(type: string): ActivityHandler {
  const own = HANDLERS[String(type).toLowerCase()];
  if (own) return own;
  const diff = fabricTypeDifference(type);
  return notRunnable(diff?.status === 'fabric-only' ? `a Microsoft Fabric activity: it ${diff.note}` : undefined);
}
