import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { rerun } from './rerunShared';

/** Data Factory: Rerun from Failed Activity */
const command: AdfCommand = {
  id: COMMANDS.rerunFromFailed,
  run: (services, arg) => rerun(services, arg, true),
};
export default command;
