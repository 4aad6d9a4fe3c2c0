/**
 * Abstract syntax of the expression language. Positions (start/end) are offsets into the JSON string value
 * the expression was read from (the text including the leading '@').
 */

interface Span {
  start: number;
  end: number;
}

export interface StringLiteral extends Span {
  kind: 'string';
  value: string;
}

export interface NumberLiteral extends Span {
  kind: 'number';
  /** The value; a bigint for integers beyond the safe range of a double. */
  value: number | bigint;
  /** True when written with a fraction or exponent (`2.0`), so it is a float even when integral. */
  isFloat: boolean;
}

export interface BooleanLiteral extends Span {
  kind: 'boolean';
  value: boolean;
}

export interface NullLiteral extends Span {
  kind: 'null';
}

export interface Call extends Span {
  kind: 'call';
  /** Function name as written. */
  name: string;
  nameStart: number;
  nameEnd: number;
  args: Expr[];
}

/** `.name`, `?.name` */
export interface Member extends Span {
  kind: 'member';
  object: Expr;
  name: string;
  nameStart: number;
  optional: boolean;
}

/** `[expr]`, `?[expr]` */
export interface Index extends Span {
  kind: 'index';
  object: Expr;
  index: Expr;
  optional: boolean;
}

export type Expr = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral | Call | Member | Index;

/** A JSON string value after splitting into literal text and expressions. */
export type Template =
  /** Plain text (after '@@' unescaping). */
  | { kind: 'text'; value: string }
  /** A whole-value expression: `@expr`. The result keeps its type. */
  | { kind: 'expression'; expr: Expr }
  /** Text with `@{...}` parts; the result is a string. */
  | { kind: 'interpolation'; parts: (string | Expr)[] };
