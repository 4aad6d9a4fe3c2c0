import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';

/** Data Factory: Show Log */
const command: AdfCommand = {
  id: COMMANDS.showLog,
  run(services) {
    services.log.show(true);
  },
};
export default command;
