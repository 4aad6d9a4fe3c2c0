import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';

/** Data Factory: Refresh — reloads and revalidates every factory. */
const command: AdfCommand = {
  id: COMMANDS.refresh,
  run(services) {
    return services.index.refresh();
  },
};
export default command;
