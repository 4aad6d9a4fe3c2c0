/**
 * Child process for the crash test: runs one pipeline of a factory with the local engine and a run store.
 * argv: factoryDir storeDir pipelineName connectionsJson parametersJson
 */
import { loadFactory } from '../../../src/engine/model/loader';
import { runPipeline, RunStore } from '../../../src/engine/run';
import { createDataServices } from '../../../src/engine/copy';

async function main(): Promise<void> {
  const [factoryDir, storeDir, pipelineName, connections, parameters] = process.argv.slice(2);
  const services = createDataServices({ localCosmos: 'never' });
  const r = await runPipeline({ factory: await loadFactory(factoryDir), pipelineName, connections: JSON.parse(connections), parameters: JSON.parse(parameters), store: new RunStore(storeDir), dataServices: services });
  await services.dispose();
  process.stdout.write(JSON.stringify({ status: r.pipelineRun.status }) + '\n');
}
main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String(e?.stack ?? e));
    process.exit(1);
  },
);
