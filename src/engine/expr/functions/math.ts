/** Math functions: add, div, max, min, mod, mul, rand, range, sub. Integers stay integers; any float makes a float. */
import { ExprCodes } from '../errors';
import { AdfFloat, makeFloat, makeInt, numKind, toNumber } from '../values';
import { int, num } from './args';
import { fn, type CallSite, type FunctionDef } from './types';

type Num = number | bigint | AdfFloat;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function arith(op: 'add' | 'sub' | 'mul' | 'div' | 'mod', args: unknown[], site: CallSite): Num {
  const a = num(args, 0, site);
  const b = num(args, 1, site);
  const bothInt = numKind(a) === 'int' && numKind(b) === 'int';
  if (bothInt) {
    if ((op === 'div' || op === 'mod') && toNumber(b) === 0) {
      site.fail(ExprCodes.divideByZero, { name: op }, 1);
    }
    if (typeof a === 'number' && typeof b === 'number') {
      let r: number;
      switch (op) {
        case 'add': r = a + b; break;
        case 'sub': r = a - b; break;
        case 'mul': r = a * b; break;
        case 'div': r = Math.trunc(a / b); break;
        case 'mod': r = a % b; break;
      }
      if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
    }
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    let r: bigint;
    switch (op) {
      case 'add': r = x + y; break;
      case 'sub': r = x - y; break;
      case 'mul': r = x * y; break;
      case 'div': r = x / y; break;
      case 'mod': r = x % y; break;
    }
    if (r > INT64_MAX || r < INT64_MIN) {
      site.fail(ExprCodes.outOfRange, { name: op }, undefined, 'integer');
    }
    return makeInt(r);
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if ((op === 'div' || op === 'mod') && y === 0) {
    site.fail(ExprCodes.divideByZero, { name: op }, 1);
  }
  switch (op) {
    case 'add': return makeFloat(x + y);
    case 'sub': return makeFloat(x - y);
    case 'mul': return makeFloat(x * y);
    case 'div': return makeFloat(x / y);
    case 'mod': return makeFloat(x % y);
  }
}

function extreme(which: 'max' | 'min', args: unknown[], site: CallSite): unknown {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (!list.length) site.invalid(0, `The function '${which}' needs at least one number (the array is empty).`);
  let best: Num | undefined;
  list.forEach((v, i) => {
    if (!numKind(v)) {
      site.fail(ExprCodes.invalidArgument, { name: which, index: i }, list === args ? i : 0, 'numbers');
    }
    const n = v as Num;
    if (best === undefined || (which === 'max' ? toNumber(n) > toNumber(best) : toNumber(n) < toNumber(best))) best = n;
  });
  return best;
}

export const mathFunctions: FunctionDef[] = [
  fn('add', 'math', [2, 2], 'add(summand1: number, summand2: number): number', 'Returns the sum of two numbers (an integer when both are integers).',
    (args, _c, site) => arith('add', args, site)),
  fn('div', 'math', [2, 2], 'div(dividend: number, divisor: number): number',
    'Returns the result of dividing two numbers. With two integers the result is the integer quotient (truncated toward zero).',
    (args, _c, site) => arith('div', args, site)),
  fn('max', 'math', [1, Infinity], 'max(number1: number, number2?: number, ...): number  |  max(numbers: array): number',
    'Returns the highest value from a list of numbers or an array of numbers.', (args, _c, site) => extreme('max', args, site)),
  fn('min', 'math', [1, Infinity], 'min(number1: number, number2?: number, ...): number  |  min(numbers: array): number',
    'Returns the lowest value from a list of numbers or an array of numbers.', (args, _c, site) => extreme('min', args, site)),
  fn('mod', 'math', [2, 2], 'mod(dividend: number, divisor: number): number',
    'Returns the remainder of dividing two numbers (the sign follows the dividend).', (args, _c, site) => arith('mod', args, site)),
  fn('mul', 'math', [2, 2], 'mul(multiplicand1: number, multiplicand2: number): number', 'Returns the product of two numbers.',
    (args, _c, site) => arith('mul', args, site)),
  fn('rand', 'math', [2, 2], 'rand(minValue: integer, maxValue: integer): integer',
    'Returns a random integer from a range that includes the minimum and excludes the maximum.',
    (args, ctx, site) => {
      const lo = int(args, 0, site);
      const hi = int(args, 1, site);
      if (lo >= hi) site.invalid(1, `The maximum value (${hi}) must be greater than the minimum value (${lo}).`);
      return lo + Math.floor((ctx.random ?? Math.random)() * (hi - lo));
    }),
  fn('range', 'math', [2, 2], 'range(startIndex: integer, count: integer): array',
    'Returns an array of integers that starts at startIndex and has count items.',
    (args, _c, site) => {
      const start = int(args, 0, site);
      const count = int(args, 1, site);
      if (count < 0) site.invalid(1, `The count must be a non-negative integer; it is ${count}.`);
      if (count > 100_000) site.invalid(1, `The count ${count} is larger than the maximum of 100000 items.`);
      const out = new Array<number>(count);
      for (let i = 0; i < count; i++) out[i] = start + i;
      return out;
    }),
  fn('sub', 'math', [2, 2], 'sub(minuend: number, subtrahend: number): number', 'Returns the result of subtracting the second number from the first.',
    (args, _c, site) => arith('sub', args, site)),
];
