/**
 * Syntax tree of the mapping data flow script and of the data flow expression language.
 * Offsets (`start`/`end`) are 0-based UTF-16 offsets into the script text.
 */

export interface Span {
  start: number;
  end: number;
}

/** A type in a schema declaration: `string`, `decimal(10,2)`, `string[]`, `(a as string, b as integer)[]`. */
export interface TypeRef extends Span {
  /** Simple type name; undefined for a structure. */
  name?: string;
  /** Raw parameters of a parameterised type, e.g. ['10', '2'] for decimal(10,2). */
  params?: string[];
  /** Fields of a structure type. */
  fields?: TypedNode[];
  /** Number of `[]` suffixes. */
  arrayDepth: number;
}

export type Expr =
  | NumberNode
  | StringNode
  | IdentNode
  | BracedNode
  | ParamNode
  | DollarNode
  | HashNode
  | CallNode
  | IndexNode
  | MemberNode
  | HashMemberNode
  | QualifiedNode
  | UnaryNode
  | BinaryNode
  | ArrayNode
  | ParenNode
  | NamedNode
  | AssignNode
  | TypedNode
  | ParseSpecNode
  | LocalNode
  | StructNode;

export interface NumberNode extends Span { t: 'num'; raw: string }
/** `'...'`, `"..."` or `` `regex` ``; `raw` is the source text including quotes, `value` the decoded text. */
export interface StringNode extends Span { t: 'str'; raw: string; value: string; quote: "'" | '"' | '`' }
/** `:name`, a local defined in the same transformation with `name := expr`. */
export interface LocalNode extends Span { t: 'local'; name: string }
/** `@(a = expr, b = expr)` structure literal. */
export interface StructNode extends Span { t: 'struct'; items: Expr[] }
export interface IdentNode extends Span { t: 'ident'; name: string }
/** A `{column name}` identifier. */
export interface BracedNode extends Span { t: 'braced'; name: string }
/** `$name` data flow parameter. */
export interface ParamNode extends Span { t: 'param'; name: string }
/** `$$` (the matched column's value in a pattern) or `$0`-style column references. */
export interface DollarNode extends Span { t: 'dollar'; raw: string }
/** `#item`, `#index`, `#acc`, `#result`, `#name`-style lambda variables. */
export interface HashNode extends Span { t: 'hash'; name: string }
export interface CallNode extends Span { t: 'call'; callee: Expr; args: Expr[] }
export interface IndexNode extends Span { t: 'index'; object: Expr; index: Expr }
export interface MemberNode extends Span { t: 'member'; object: Expr; name: string; braced: boolean }
/** `cachedSink#lookup` / `cachedSink#outputs` (cached lookups). */
export interface HashMemberNode extends Span { t: 'hashMember'; object: Expr; name: string }
/** `stream@column` or `stream@{column}` or `stream@(a, b)`. */
export interface QualifiedNode extends Span { t: 'qualified'; stream: string; column: Expr }
export interface UnaryNode extends Span { t: 'unary'; op: '!' | '-'; arg: Expr }
export interface BinaryNode extends Span { t: 'binary'; op: string; left: Expr; right: Expr }
export interface ArrayNode extends Span { t: 'array'; items: Expr[] }
export interface ParenNode extends Span { t: 'paren'; items: Expr[] }
/** `key: value` option of a transformation. */
export interface NamedNode extends Span { t: 'named'; key: string; value: Expr }
/** `target = value` (derived column, aggregate, mapping). */
export interface AssignNode extends Span { t: 'assign'; target: Expr; value: Expr; /** `:=` defines a local. */ local?: boolean }
/** `name as type ['format'] [(default)]` declaration. */
export interface TypedNode extends Span { t: 'typed'; expr: Expr; type: TypeRef; format?: StringNode; defaultValue?: Expr }
/** `expr ? type` (parse / stringify target type). */
export interface ParseSpecNode extends Span { t: 'parseSpec'; expr: Expr; type: TypeRef }

export interface StreamRef extends Span {
  name: string;
  /** Branch of a conditional split or flowlet output (`split1@branchA`). */
  branch?: string;
}

export interface ParametersStatement extends Span {
  kind: 'parameters';
  params: TypedNode[];
}

export interface TransformStatement extends Span {
  kind: 'transform';
  inputs: StreamRef[];
  /** The transformation keyword: source, sink, select, derive, ... */
  op: string;
  opSpan: Span;
  args: Expr[];
  /** The stream name after `~>`. */
  name: string;
  nameSpan: Span;
  /** Output branches: `~> split1@(a, b)`. */
  branches?: string[];
}

export type Statement = ParametersStatement | TransformStatement;

export interface ScriptError {
  message: string;
  offset: number;
  length: number;
}

export interface Script {
  text: string;
  statements: Statement[];
  errors: ScriptError[];
}
