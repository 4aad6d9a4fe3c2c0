import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';

/** Data Factory: Open Run Monitor */
const command: AdfCommand = {
  id: COMMANDS.openMonitor,
  run(services, runId) {
    return services.openMonitor(typeof runId === 'string' ? runId : runId && typeof runId === 'object' && 'runId' in runId ? String((runId as { runId: unknown }).runId) : undefined);
  },
};
export default command;
