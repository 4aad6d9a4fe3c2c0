/**
 * Writes schemas/fabricPipeline.json: the ADF pipeline schema with Fabric's differences applied
 * (src/engine/fabric/schema.ts). Usage: npm run gen:fabric-schema
 */
import { writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fabricPipelineSchema } from '../src/engine/fabric';

const root = path.join(__dirname, '..');
const adf = JSON.parse(readFileSync(path.join(root, 'schemas', 'pipeline.json'), 'utf8'));
writeFileSync(path.join(root, 'schemas', 'fabricPipeline.json'), JSON.stringify(fabricPipelineSchema(adf), null, 2) + '\n');
console.log('schemas/fabricPipeline.json written.');
