import { type Command } from '../args';

// Placeholder until this command lands; it reports itself as unavailable with exit 2.
const command: Command = async (_argv, io) => {
  io.err('adfw: this command is not available in this build.');
  return 2;
};
export default command;
