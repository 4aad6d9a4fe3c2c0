import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { rerun } from './rerunShared';

/** Data Factory: Rerun */
const command: AdfCommand = {
  id: COMMANDS.rerun,
  run: (services, arg) => rerun(services, arg, false),
};
export default command;
