/**
 * Generates draft-7 JSON Schemas for every ADF resource file kind from the Data Factory REST specification as
 * shipped by @azure/arm-datafactory: the serialization mappers (types, `polymorphicDiscriminator`/`uberParent`,
 * flattened `typeProperties.x` names, `required`, `constraints`, enums) and the doc comments of its model
 * declarations (descriptions, which editors show as hover text).
 *
 * Usage: npm run gen:schemas   (writes schemas/<kind>.json)
 *
 * Design:
 * - One self-contained schema per resource folder, describing the whole file `{name, properties: {...}}`.
 * - Polymorphic types are discriminated on `type` with an `if {type: const} then {$ref: shape}` chain: ajv and
 *   VS Code's JSON language service then check (and complete) only the branch that matches, and an unknown
 *   `type` (newer than the specification) is checked against the common base properties only.
 * - Wherever ADF evaluates expressions the schema accepts them: `any`/`Object` fields accept anything, and
 *   number/boolean fields also accept an `@...` string or `{"value": "@...", "type": "Expression"}`.
 * - `additionalProperties` is closed only where the specification closes it.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import ts from 'typescript';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import * as mappersModule from '@azure/arm-datafactory/dist-esm/src/models/mappers.js';

// ---------- mapper shapes (the subset of @azure/core-client's Mapper we read) ----------

interface MapperType {
  name: string;
  className?: string;
  uberParent?: string;
  polymorphicDiscriminator?: { serializedName: string; clientName: string };
  modelProperties?: Record<string, Mapper>;
  additionalProperties?: Mapper;
  element?: Mapper;
  value?: Mapper;
  allowedValues?: unknown[];
}
interface Mapper {
  serializedName?: string;
  required?: boolean;
  readOnly?: boolean;
  isConstant?: boolean;
  defaultValue?: unknown;
  nullable?: boolean;
  constraints?: Record<string, unknown>;
  type: MapperType;
}
type Schema = Record<string, unknown>;

/**
 * Classes kept open to unknown properties although the specification closes them: data flow definitions carry
 * script fragments and newer settings (`script` per step, `udfLibraries`, Power Query `script`) that the REST
 * specification does not describe, and ADF's git integration writes them.
 */
const OPEN_CLASSES = /^(DataFlow|MappingDataFlow|WranglingDataFlow|Flowlet|Transformation|PowerQuery|ExecuteDataFlow|ExecutePowerQuery)/;
/**
 * Properties the specification marks required that newer connector versions replace (e.g. SQL linked services of
 * the current version use server/database/... instead of connectionString), so requiring them gives false errors.
 */
const NOT_REQUIRED = new Set(['connectionString']);
/** Composite classes whose value may also be an expression string (parameterized linked services). */
const EXPRESSION_COMPOSITES = new Set(['SecretBase']);

/** Root resource classes per ADF folder. */
export const ROOTS: Record<string, { className: string; title: string }> = {
  pipeline: { className: 'PipelineResource', title: 'Azure Data Factory pipeline' },
  dataset: { className: 'DatasetResource', title: 'Azure Data Factory dataset' },
  linkedService: { className: 'LinkedServiceResource', title: 'Azure Data Factory linked service' },
  trigger: { className: 'TriggerResource', title: 'Azure Data Factory trigger' },
  dataflow: { className: 'DataFlowResource', title: 'Azure Data Factory data flow' },
  integrationRuntime: { className: 'IntegrationRuntimeResource', title: 'Azure Data Factory integration runtime' },
  credential: { className: 'CredentialResource', title: 'Azure Data Factory credential' },
  managedVirtualNetwork: { className: 'ManagedVirtualNetworkResource', title: 'Azure Data Factory managed virtual network' },
  factory: { className: 'Factory', title: 'Azure Data Factory factory' },
  globalParameters: { className: 'GlobalParameterResource', title: 'Azure Data Factory global parameters' },
};

// ---------- doc comments ----------

interface DocModel {
  interfaces: Map<string, { doc?: string; bases: string[]; members: Map<string, { doc?: string; typeName?: string }> }>;
  knownEnums: Map<string, string[]>;
}

/** Reads interface/property doc comments and `KnownX` enums from the package's model declarations. */
export function readDocs(indexTs: string, text: string): DocModel {
  const sf = ts.createSourceFile(indexTs, text, ts.ScriptTarget.ES2022, true);
  const model: DocModel = { interfaces: new Map(), knownEnums: new Map() };
  const docOf = (n: ts.Node): string | undefined => {
    const tags = ts.getJSDocCommentsAndTags(n).filter(ts.isJSDoc);
    const last = tags[tags.length - 1];
    if (!last) return undefined;
    const c = typeof last.comment === 'string' ? last.comment : ts.getTextOfJSDocComment(last.comment);
    return c ? cleanDoc(c) : undefined;
  };
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st)) {
      const members = new Map<string, { doc?: string; typeName?: string }>();
      for (const m of st.members) {
        if (!ts.isPropertySignature(m) || !m.name) continue;
        const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText(sf);
        let typeName: string | undefined;
        let t = m.type;
        if (t && ts.isArrayTypeNode(t)) t = t.elementType;
        if (t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) typeName = t.typeName.text;
        members.set(name, { doc: docOf(m), typeName });
      }
      const bases = (st.heritageClauses ?? []).flatMap((h) => h.types.map((x) => x.expression.getText(sf)));
      model.interfaces.set(st.name.text, { doc: docOf(st), bases, members });
    } else if (ts.isEnumDeclaration(st) && st.name.text.startsWith('Known')) {
      const values = st.members.map((m) => (m.initializer && ts.isStringLiteral(m.initializer) ? m.initializer.text : undefined)).filter((v): v is string => !!v);
      model.knownEnums.set(st.name.text.slice('Known'.length), values);
    }
  }
  return model;
}

function cleanDoc(s: string): string {
  return s
    .replace(/\{@link ([^}]+)\}/g, '$1')
    .replace(/\n?NOTE: This property will not be serialized\. It can only be populated by the server\./g, '')
    .replace(/\s*\\\s*\n/g, '\n')
    .trim();
}

// ---------- generator ----------

export class SchemaGenerator {
  private readonly defs: Record<string, Schema> = {};
  private readonly pending = new Set<string>();
  /** class name -> classes that derive from it (transitively), by discriminator value */
  private readonly descendants = new Map<string, { value: string; className: string }[]>();

  constructor(
    private readonly mappers: Record<string, { type: MapperType; serializedName?: string }>,
    private readonly docs: DocModel,
  ) {
    for (const m of Object.values(mappers)) {
      const t = m?.type;
      if (!t || t.name !== 'Composite' || !t.className || !t.polymorphicDiscriminator || !t.uberParent) continue;
      if (t.uberParent === t.className || !m.serializedName) continue;
      // Walk up the chain and register this class as a descendant of every ancestor.
      let parent: string | undefined = t.uberParent;
      const seen = new Set<string>();
      while (parent && !seen.has(parent)) {
        seen.add(parent);
        const list = this.descendants.get(parent) ?? [];
        list.push({ value: m.serializedName, className: t.className });
        this.descendants.set(parent, list);
        const pm: MapperType | undefined = this.mappers[parent]?.type;
        parent = pm && pm.uberParent && pm.uberParent !== parent ? pm.uberParent : undefined;
      }
    }
    for (const list of this.descendants.values()) list.sort((a, b) => a.value.localeCompare(b.value));
  }

  private classMapper(className: string): MapperType {
    const m = this.mappers[className];
    if (!m?.type?.modelProperties) throw new Error(`No composite mapper for class ${className}`);
    return m.type;
  }

  /** Doc comment of a property, looking through base interfaces. */
  private propDoc(className: string, prop: string, seen = new Set<string>()): { doc?: string; typeName?: string } | undefined {
    if (seen.has(className)) return undefined;
    seen.add(className);
    const i = this.docs.interfaces.get(className);
    if (!i) return undefined;
    const own = i.members.get(prop);
    if (own?.doc) return own;
    for (const b of i.bases) {
      const r = this.propDoc(b, prop, seen);
      if (r?.doc) return r;
    }
    return own;
  }

  /** $ref to a class, generating its definition on first use. */
  private refClass(className: string): Schema {
    if (!this.defs[className] && !this.pending.has(className)) {
      this.pending.add(className);
      this.defs[className] = this.descendants.has(className) ? this.unionSchema(className) : this.shapeSchema(className, false);
      this.pending.delete(className);
    }
    return { $ref: `#/definitions/${className}` };
  }

  /** The schema of one concrete class: its (flattened) properties. */
  private shapeSchema(className: string, forUnion: boolean): Schema {
    const t = this.classMapper(className);
    const closed = !t.additionalProperties && !OPEN_CLASSES.test(className);
    const root: Tree = { children: new Map(), required: new Set() };
    for (const [clientName, pm] of Object.entries(t.modelProperties ?? {})) {
      const serialized = pm.serializedName ?? clientName;
      const parts = serialized.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
      let node = root;
      for (let i = 0; i < parts.length - 1; i++) {
        let child = node.children.get(parts[i]);
        if (!child || !('children' in child)) {
          child = { children: new Map(), required: new Set() } as Tree;
          node.children.set(parts[i], child);
        }
        if (isRequired(pm, parts[parts.length - 1])) node.required.add(parts[i]);
        node = child as Tree;
      }
      const leaf = parts[parts.length - 1];
      let schema: Schema;
      const isDiscriminator = t.polymorphicDiscriminator && serialized === t.polymorphicDiscriminator.serializedName;
      if (isDiscriminator) {
        const mapper = this.mappers[className] as { serializedName?: string };
        const known = (this.descendants.get(className) ?? []).map((d) => d.value);
        const own = mapper.serializedName && t.uberParent !== className ? mapper.serializedName : undefined;
        schema = forUnion || !own ? { type: 'string', ...(known.length ? { examples: known } : {}) } : { const: own };
        schema = withDoc(schema, 'The type of this object; it selects which properties apply.');
      } else {
        const doc = this.propDoc(className, clientName);
        schema = this.valueSchema(pm, doc?.typeName);
        schema = withDoc(schema, doc?.doc);
      }
      node.children.set(leaf, schema);
      if (isRequired(pm, leaf)) node.required.add(leaf);
    }
    const out = this.treeSchema(root, forUnion ? false : closed, className);
    const idoc = this.docs.interfaces.get(className)?.doc;
    return withDoc(out, idoc);
  }

  private treeSchema(tree: Tree, closed: boolean, className: string, container?: string): Schema {
    const properties: Record<string, Schema> = {};
    for (const [k, v] of tree.children) {
      properties[k] = 'children' in v ? withDoc(this.treeSchema(v as Tree, closed, className, k), k === 'typeProperties' ? `Properties specific to this ${className.replace(/(Activity|LinkedService|Dataset|Trigger)$/, '')} type.` : undefined) : (v as Schema);
    }
    const s: Schema = { type: 'object', properties };
    if (tree.required.size) s.required = [...tree.required];
    if (closed) s.additionalProperties = false;
    void container;
    return s;
  }

  /** A polymorphic base: the common shape plus an if/then branch per discriminator value. */
  private unionSchema(className: string): Schema {
    const t = this.classMapper(className);
    const disc = t.polymorphicDiscriminator!.serializedName;
    const base = this.shapeSchema(className, true);
    const branches: Schema[] = [];
    const self = this.mappers[className] as { serializedName?: string };
    const entries = [...(this.descendants.get(className) ?? [])];
    if (self.serializedName && t.uberParent !== className) {
      // An intermediate class (e.g. ControlActivity "Container") is itself a concrete type.
      const selfKey = `${className}_self`;
      this.defs[selfKey] = this.shapeSchema(className, false);
      branches.push(branch(disc, self.serializedName, selfKey));
    }
    for (const d of entries) {
      // Leaves get their own definition; intermediates are reached through their _self shape.
      const key = this.descendants.has(d.className) ? `${d.className}_self` : d.className;
      if (!this.defs[key]) {
        this.pending.add(key);
        this.defs[key] = this.shapeSchema(d.className, false);
        this.pending.delete(key);
      }
      branches.push(branch(disc, d.value, key));
    }
    return { ...base, allOf: branches };
  }

  /** The schema of a property value from its mapper type. */
  private valueSchema(m: Mapper, typeName?: string): Schema {
    const t = m.type;
    const c = m.constraints ?? {};
    if (m.isConstant && m.defaultValue !== undefined) return { const: m.defaultValue };
    switch (t.name) {
      case 'String': {
        const s: Schema = { type: 'string' };
        if (typeof c.MaxLength === 'number') s.maxLength = c.MaxLength;
        if (typeof c.MinLength === 'number') s.minLength = c.MinLength;
        if (c.Pattern instanceof RegExp) s.pattern = c.Pattern.source;
        const known = typeName ? this.docs.knownEnums.get(typeName) : undefined;
        if (known?.length) s.examples = known;
        return s;
      }
      case 'Number': {
        const s: Schema = { type: 'number' };
        if (typeof c.InclusiveMaximum === 'number') s.maximum = c.InclusiveMaximum;
        if (typeof c.InclusiveMinimum === 'number') s.minimum = c.InclusiveMinimum;
        if (typeof c.ExclusiveMaximum === 'number') s.exclusiveMaximum = c.ExclusiveMaximum;
        if (typeof c.ExclusiveMinimum === 'number') s.exclusiveMinimum = c.ExclusiveMinimum;
        return { anyOf: [s, { $ref: '#/definitions/_expression' }] };
      }
      case 'Boolean':
        return { anyOf: [{ type: 'boolean' }, { $ref: '#/definitions/_expression' }] };
      case 'DateTime':
      case 'Date':
      case 'DateTimeRfc1123':
        return { type: 'string' };
      case 'Uuid':
        return { type: 'string' };
      case 'Enum':
        return { enum: t.allowedValues ?? [] };
      case 'Sequence': {
        const s: Schema = { type: 'array' };
        if (t.element) s.items = this.valueSchema(t.element);
        if (typeof c.MinItems === 'number') s.minItems = c.MinItems;
        if (typeof c.MaxItems === 'number') s.maxItems = c.MaxItems;
        if (c.UniqueItems === true) s.uniqueItems = true;
        return s;
      }
      case 'Dictionary':
        return { type: 'object', additionalProperties: t.value ? this.valueSchema(t.value) : {} };
      case 'Composite':
        if (EXPRESSION_COMPOSITES.has(t.className!)) return { anyOf: [this.refClass(t.className!), { $ref: '#/definitions/_expression' }] };
        return this.refClass(t.className!);
      case 'any':
      case 'Object':
      default:
        return {};
    }
  }

  /** The whole-file schema of one folder kind. */
  fileSchema(kind: string): Schema {
    const { className, title } = ROOTS[kind];
    const rootDef = this.shapeSchema(className, false);
    const props = rootDef.properties as Record<string, Schema>;
    // Files are what ADF's git integration writes: the resource envelope, open for ARM extras.
    delete rootDef.additionalProperties;
    if (props.name) props.name = withDoc({ type: 'string', minLength: 1 }, 'The resource name (unique per kind in a factory, case-insensitive).');
    if (props.type) props.type = withDoc({ type: 'string' }, 'The ARM resource type, e.g. Microsoft.DataFactory/factories/pipelines (optional in git files).');
    // ADF writes factory, global parameter and managed virtual network files without `properties` at times.
    const required = kind === 'factory' || kind === 'globalParameters' ? [] : kind === 'managedVirtualNetwork' ? ['name'] : ['name', 'properties'];
    if (kind === 'pipeline' && !props.properties) {
      /* PipelineResource is flattened: properties.* came from the tree. */
    }
    const defs = this.defs;
    const out: Schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://adf-workbench.local/schemas/${kind}.json`,
      title,
      ...rootDef,
      ...(required.length ? { required } : {}),
      definitions: {
        _expression: {
          title: 'expression',
          description: 'A Data Factory expression: a string starting with "@" or {"value": "@...", "type": "Expression"}.',
          anyOf: [
            { type: 'string', pattern: '^\\s*@' },
            { type: 'object', required: ['value', 'type'], properties: { value: { type: 'string' }, type: { const: 'Expression' } } },
          ],
        },
        ...pruneDefs(defs, rootDef),
      },
    };
    return out;
  }
}

function isRequired(pm: Mapper, leaf: string): boolean {
  return !!pm.required && !pm.readOnly && !NOT_REQUIRED.has(leaf);
}

interface Tree {
  children: Map<string, Tree | Schema>;
  required: Set<string>;
}

function branch(disc: string, value: string, key: string): Schema {
  return { if: { properties: { [disc]: { const: value } }, required: [disc] }, then: { $ref: `#/definitions/${key}` } };
}

function withDoc(s: Schema, doc: string | undefined): Schema {
  if (!doc) return s;
  if ('$ref' in s) return { description: doc, allOf: [s] };
  return { description: doc, ...s };
}

/** Only the definitions reachable from the root. */
function pruneDefs(defs: Record<string, Schema>, root: Schema): Record<string, Schema> {
  const keep = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/definitions/')) {
          const key = x.slice('#/definitions/'.length);
          if (!keep.has(key) && defs[key]) {
            keep.add(key);
            visit(defs[key]);
          }
        } else visit(x);
      }
    }
  };
  visit(root);
  return Object.fromEntries([...keep].sort().map((k) => [k, defs[k]]));
}

/** Generates every schema; returns kind -> schema. */
export async function generateSchemas(): Promise<Record<string, Schema>> {
  const pkgDir = path.dirname(require.resolve('@azure/arm-datafactory/package.json'));
  const indexTs = path.join(pkgDir, 'src', 'models', 'index.ts');
  const docs = readDocs(indexTs, await fs.readFile(indexTs, 'utf8'));
  const mappers = mappersModule as unknown as Record<string, { type: MapperType; serializedName?: string }>;
  const out: Record<string, Schema> = {};
  for (const kind of Object.keys(ROOTS)) out[kind] = new SchemaGenerator(mappers, docs).fileSchema(kind);
  return out;
}

/** The ajv options the engine validates with (src/engine/schema/validators.ts); precompiled code must match them. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, validateSchema: false, unicodeRegExp: false } as const;

/**
 * Precompiles a schema into standalone validator code (CommonJS), so the engine does not spend seconds compiling
 * the large schemas at startup. The code embeds a hash of the schema it was compiled from.
 */
export function precompile(schema: Schema): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, lines: false } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  return `// Generated by scripts/genSchemas.ts from schemas/${String(schema.$id).split('/').pop()} (do not edit).\n${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schema))};\n`;
}

/** A stable hash of a schema's JSON text. */
export function schemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

async function main(): Promise<void> {
  const outDir = path.resolve(__dirname, '..', 'schemas');
  const codeDir = path.resolve(__dirname, '..', 'src', 'engine', 'schema', 'generated');
  await fs.mkdir(outDir, { recursive: true });
  await fs.mkdir(codeDir, { recursive: true });
  const schemas = await generateSchemas();
  for (const [kind, schema] of Object.entries(schemas)) {
    const file = path.join(outDir, `${kind}.json`);
    await fs.writeFile(file, JSON.stringify(schema, null, 1) + '\n');
    // Round-trip through JSON so the precompiled code sees exactly the committed file.
    const code = precompile(JSON.parse(JSON.stringify(schema)));
    await fs.writeFile(path.join(codeDir, `${kind}.js`), code);
    process.stdout.write(`${path.relative(process.cwd(), file)}: ${Object.keys(schema.definitions as object).length} definitions, validator ${Math.round(code.length / 1024)} KB\n`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`gen:schemas failed: ${e?.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
