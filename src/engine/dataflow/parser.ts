/**
 * Parser of the mapping data flow script (`typeProperties.script` / `scriptLines`) and of data flow
 * expressions. Never throws: syntax errors are returned with their offsets, and parsing resumes at the
 * next statement.
 */
import type { Expr, Script, ScriptError, Span, Statement, StreamRef, TransformStatement, TypedNode, TypeRef, ParametersStatement, StringNode } from './ast';
import { tokenize, type Token } from './scanner';

class ParseFail extends Error {
  constructor(public readonly err: ScriptError) {
    super(err.message);
  }
}

const BINARY_LEVELS: string[][] = [['->'], ['||'], ['&&'], ['==', '!=', '===', '!==', '<=>'], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%'], ['^']];

/** Describes a token for error messages. */
function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the script';
  return `"${t.text.length > 40 ? t.text.slice(0, 40) + '…' : t.text}"`;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)];
  }
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.value === v;
  }
  eatOp(v: string): Token | undefined {
    return this.isOp(v) ? this.next() : undefined;
  }
  fail(t: Token, message: string): never {
    throw new ParseFail({ message, offset: t.start, length: Math.max(1, t.end - t.start) });
  }
  expectOp(v: string, what: string): Token {
    const t = this.peek();
    if (t.kind === 'op' && t.value === v) return this.next();
    return this.fail(t, `Expected "${v}" ${what} but found ${describe(t)}.`);
  }
  expectName(what: string): Token {
    const t = this.peek();
    if (t.kind === 'ident' || t.kind === 'braced') return this.next();
    return this.fail(t, `Expected ${what} but found ${describe(t)}.`);
  }
  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  // ---------------------------------------------------------------- statements

  script(errors: ScriptError[]): Statement[] {
    const out: Statement[] = [];
    while (!this.atEnd()) {
      const startPos = this.pos;
      try {
        out.push(this.statement());
      } catch (e) {
        if (!(e instanceof ParseFail)) throw e;
        errors.push(e.err);
        this.recover(startPos);
      }
    }
    return out;
  }

  /** Skips to just after the next `~> name[@...]`, so the following statement parses on its own. */
  private recover(startPos: number): void {
    if (this.pos === startPos) this.next();
    while (!this.atEnd()) {
      const t = this.next();
      if (t.kind === 'op' && t.value === '~>') {
        if (this.peek().kind === 'ident') this.next();
        if (this.eatOp('@')) {
          if (this.eatOp('(')) {
            while (!this.atEnd() && !this.eatOp(')')) this.next();
          } else if (this.peek().kind === 'ident') this.next();
        }
        return;
      }
    }
  }

  statement(): Statement {
    const first = this.peek();
    if (first.kind === 'ident' && first.value === 'parameters' && this.isOp('{', 1)) return this.parameters();
    const inputs: StreamRef[] = [];
    let op: Token;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident') this.fail(t, `Expected a stream name or a transformation (source, sink, derive, ...) but found ${describe(t)}.`);
      this.next();
      if (this.isOp('(')) {
        op = t;
        break;
      }
      const ref: StreamRef = { name: t.value, start: t.start, end: t.end };
      if (this.eatOp('@')) {
        const b = this.expectName('a branch name after "@"');
        ref.branch = b.value;
        ref.end = b.end;
      }
      inputs.push(ref);
      this.eatOp(',');
    }
    this.expectOp('(', `after "${op.value}"`);
    const args = this.argList(')');
    const close = this.expectOp(')', `to close "${op.value}("`);
    if (!this.isOp('~>')) this.fail(this.peek(), `Expected "~>" and the output stream name after "${op.value}(...)" but found ${describe(this.peek())}.`);
    this.next();
    const nameTok = this.peek();
    if (nameTok.kind !== 'ident') this.fail(nameTok, `Expected the output stream name after "~>" but found ${describe(nameTok)}.`);
    this.next();
    const st: TransformStatement = {
      kind: 'transform',
      inputs,
      op: op.value,
      opSpan: { start: op.start, end: op.end },
      args,
      name: nameTok.value,
      nameSpan: { start: nameTok.start, end: nameTok.end },
      start: inputs[0]?.start ?? op.start,
      end: nameTok.end,
    };
    void close;
    if (this.eatOp('@')) {
      const branches: string[] = [];
      if (this.eatOp('(')) {
        while (!this.isOp(')')) {
          branches.push(this.expectName('a branch name').value);
          if (!this.eatOp(',')) break;
        }
        st.end = this.expectOp(')', 'to close the branch list').end;
      } else {
        const b = this.expectName('a branch name after "@"');
        branches.push(b.value);
        st.end = b.end;
      }
      st.branches = branches;
    }
    return st;
  }

  parameters(): ParametersStatement {
    const kw = this.next();
    this.expectOp('{', 'after "parameters"');
    const params: TypedNode[] = [];
    while (!this.isOp('}')) {
      const e = this.arg();
      if (e.t !== 'typed') this.fail(this.toks[this.pos - 1], 'A parameter is declared as `name as type (default)`.');
      params.push(e);
      if (!this.eatOp(',')) break;
    }
    const close = this.expectOp('}', 'to close "parameters{"');
    return { kind: 'parameters', params, start: kw.start, end: close.end };
  }

  // ---------------------------------------------------------------- arguments

  argList(close: string): Expr[] {
    const args: Expr[] = [];
    if (this.isOp(close)) return args;
    for (;;) {
      args.push(this.arg());
      if (!this.eatOp(',')) break;
      if (this.isOp(close)) break; // tolerate a trailing comma
    }
    return args;
  }

  /** An argument: `key: value`, `target = value`, `name as type`, or an expression. */
  arg(): Expr {
    const t = this.peek();
    if ((t.kind === 'ident' || t.kind === 'braced') && this.isOp(':', 1)) {
      this.next();
      this.next();
      const value = this.arg();
      return { t: 'named', key: t.value, value, start: t.start, end: value.end };
    }
    const target = this.typed();
    if (this.isOp('=') || this.isOp(':=')) {
      const local = this.next().value === ':=';
      const value = this.typed();
      return local ? { t: 'assign', target, value, local, start: target.start, end: value.end } : { t: 'assign', target, value, start: target.start, end: value.end };
    }
    return target;
  }

  typed(): Expr {
    const e = this.question();
    const t = this.peek();
    if (t.kind === 'ident' && t.value === 'as') {
      this.next();
      const type = this.type();
      const node: TypedNode = { t: 'typed', expr: e, type, start: e.start, end: type.end };
      const f = this.peek();
      if (f.kind === 'string') {
        this.next();
        node.format = this.stringNode(f);
        node.end = f.end;
      }
      if (this.isOp('(')) {
        this.next();
        node.defaultValue = this.arg();
        node.end = this.expectOp(')', 'to close the default value').end;
      }
      return node;
    }
    return e;
  }

  question(): Expr {
    const e = this.binary(0);
    if (this.isOp('?')) {
      this.next();
      const type = this.type();
      return { t: 'parseSpec', expr: e, type, start: e.start, end: type.end };
    }
    return e;
  }

  type(): TypeRef {
    const t = this.peek();
    let ref: TypeRef;
    if (this.isOp('(')) {
      this.next();
      const fields: TypedNode[] = [];
      while (!this.isOp(')')) {
        const f = this.typed();
        if (f.t !== 'typed') this.fail(this.toks[this.pos - 1], 'A structure field is declared as `name as type`.');
        fields.push(f);
        if (!this.eatOp(',')) break;
      }
      const close = this.expectOp(')', 'to close the structure type');
      ref = { fields, arrayDepth: 0, start: t.start, end: close.end };
    } else if (t.kind === 'ident') {
      this.next();
      ref = { name: t.value, arrayDepth: 0, start: t.start, end: t.end };
      const p = this.peek();
      if (p.kind === 'op' && p.value === '(' && p.start === t.end) {
        this.next();
        const params: string[] = [];
        while (!this.isOp(')')) {
          const n = this.next();
          if (n.kind !== 'number') this.fail(n, `Expected a number in the parameters of type "${t.value}".`);
          params.push(n.text);
          if (!this.eatOp(',')) break;
        }
        ref.params = params;
        ref.end = this.expectOp(')', `to close "${t.value}("`).end;
      }
    } else {
      return this.fail(t, `Expected a type (string, integer, decimal(p,s), (a as string)[], ...) but found ${describe(t)}.`);
    }
    while (this.isOp('[') && this.isOp(']', 1)) {
      this.next();
      ref.end = this.next().end;
      ref.arrayDepth++;
    }
    return ref;
  }

  // ---------------------------------------------------------------- expressions

  binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !BINARY_LEVELS[level].includes(t.value)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { t: 'binary', op: t.value, left, right, start: left.start, end: right.end };
    }
  }

  unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '!' || t.value === '-')) {
      this.next();
      const arg = this.unary();
      return { t: 'unary', op: t.value as '!' | '-', arg, start: t.start, end: arg.end };
    }
    return this.postfix();
  }

  postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.value === '(') {
        this.next();
        const args = this.argList(')');
        const close = this.expectOp(')', 'to close the argument list');
        e = { t: 'call', callee: e, args, start: e.start, end: close.end };
      } else if (t.kind === 'op' && t.value === '[') {
        this.next();
        const index = this.arg();
        const close = this.expectOp(']', 'to close the index');
        e = { t: 'index', object: e, index, start: e.start, end: close.end };
      } else if (t.kind === 'op' && t.value === '.') {
        this.next();
        const n = this.expectName('a field name after "."');
        e = { t: 'member', object: e, name: n.value, braced: n.kind === 'braced', start: e.start, end: n.end };
      } else if (t.kind === 'hash' && t.start === e.end) {
        this.next();
        e = { t: 'hashMember', object: e, name: t.value, start: e.start, end: t.end };
      } else if (t.kind === 'op' && t.value === '@' && e.t === 'ident') {
        this.next();
        const c = this.peek();
        let column: Expr;
        if (c.kind === 'ident') {
          this.next();
          column = { t: 'ident', name: c.value, start: c.start, end: c.end };
        } else if (c.kind === 'braced') {
          this.next();
          column = { t: 'braced', name: c.value, start: c.start, end: c.end };
        } else if (c.kind === 'op' && c.value === '(') {
          column = this.primary();
        } else return this.fail(c, `Expected a column name after "${e.name}@" but found ${describe(c)}.`);
        e = { t: 'qualified', stream: e.name, column, start: e.start, end: column.end };
      } else return e;
    }
  }

  stringNode(t: Token): StringNode {
    return { t: 'str', raw: t.text, value: t.value, quote: t.text[0] as "'" | '"' | '`', start: t.start, end: t.end };
  }

  primary(): Expr {
    const t = this.peek();
    const span: Span = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'number':
        this.next();
        return { t: 'num', raw: t.text, ...span };
      case 'string':
        this.next();
        return this.stringNode(t);
      case 'ident':
        this.next();
        return { t: 'ident', name: t.value, ...span };
      case 'braced':
        this.next();
        return { t: 'braced', name: t.value, ...span };
      case 'param':
        this.next();
        return { t: 'param', name: t.value, ...span };
      case 'dollar':
        this.next();
        return { t: 'dollar', raw: t.text, ...span };
      case 'hash':
        this.next();
        return { t: 'hash', name: t.value, ...span };
      case 'op':
        if (t.value === '(') {
          this.next();
          const items = this.argList(')');
          const close = this.expectOp(')', 'to close the parenthesis');
          return { t: 'paren', items, start: t.start, end: close.end };
        }
        if (t.value === ':' && (this.peek(1).kind === 'ident' || this.peek(1).kind === 'braced')) {
          this.next();
          const n = this.next();
          return { t: 'local', name: n.value, start: t.start, end: n.end };
        }
        if (t.value === '@' && this.isOp('(', 1)) {
          this.next();
          this.next();
          const items = this.argList(')');
          const close = this.expectOp(')', 'to close "@("');
          return { t: 'struct', items, start: t.start, end: close.end };
        }
        if (t.value === '[') {
          this.next();
          const items = this.argList(']');
          const close = this.expectOp(']', 'to close the array');
          return { t: 'array', items, start: t.start, end: close.end };
        }
        break;
      default:
        break;
    }
    return this.fail(t, `Expected a value (column, literal, function call) but found ${describe(t)}.`);
  }
}

function braceIsPunct(prev: Token | undefined): boolean {
  return prev?.kind === 'ident' && prev.value === 'parameters';
}

/** Parses a whole data flow script. */
export function parseScript(text: string): Script {
  const errors: ScriptError[] = [];
  const toks = tokenize(text, errors, braceIsPunct);
  const statements = new Parser(toks).script(errors);
  return { text, statements, errors };
}

/** Parses one data flow expression (as typed in the expression builder). */
export function parseDataFlowExpression(text: string): { expr?: Expr; errors: ScriptError[] } {
  const errors: ScriptError[] = [];
  const toks = tokenize(text, errors);
  const p = new Parser(toks);
  try {
    const expr = p.arg();
    if (!p.atEnd()) {
      const t = p.peek();
      errors.push({ message: `Unexpected ${describe(t)} after the end of the expression.`, offset: t.start, length: Math.max(1, t.end - t.start) });
    }
    return { expr, errors };
  } catch (e) {
    if (e instanceof ParseFail) return { errors: [...errors, e.err] };
    throw e;
  }
}
