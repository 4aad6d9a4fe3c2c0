/** Logical functions: and, equals, greater, greaterOrEquals, if, less, lessOrEquals, not, or. */
import { ExprCodes } from '../errors';
import { deepEqual, numKind, toNumber, typeName } from '../values';
import { bool } from './args';
import { fn, type CallSite, type FunctionDef } from './types';

type Thunk = () => unknown;

function compare(args: unknown[], site: CallSite): number {
  const [a, b] = args;
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka && kb) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      if (ka === 'int' && kb === 'int') {
        const x = BigInt(a as number | bigint);
        const y = BigInt(b as number | bigint);
        return x < y ? -1 : x > y ? 1 : 0;
      }
    }
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return site.fail(
    ExprCodes.invalidArgument,
    { name: site.name, left: typeName(a), right: typeName(b) },
    undefined,
    'comparison',
  );
}

function logicalArg(site: CallSite, i: number, v: unknown): boolean {
  if (typeof v !== 'boolean') site.expectType(i, "of type 'Boolean'", v);
  return v;
}

export const logicalFunctions: FunctionDef[] = [
  fn('and', 'logical', [1, Infinity], 'and(expression1: boolean, expression2: boolean, ...): boolean',
    'Returns true when all the expressions are true. Evaluation stops at the first false.',
    (args, _c, site) => {
      for (let i = 0; i < args.length; i++) if (!logicalArg(site, i, (args[i] as Thunk)())) return false;
      return true;
    }, true),
  fn('equals', 'logical', [2, 2], 'equals(object1: any, object2: any): boolean',
    'Checks whether two values are equivalent (numbers by value, strings case-sensitive, arrays and objects deeply).',
    (args) => deepEqual(args[0], args[1])),
  fn('greater', 'logical', [2, 2], 'greater(value: integer | float | string, compareTo: integer | float | string): boolean',
    'Checks whether the first value is greater than the second.', (args, _c, site) => compare(args, site) > 0),
  fn('greaterOrEquals', 'logical', [2, 2], 'greaterOrEquals(value: integer | float | string, compareTo: integer | float | string): boolean',
    'Checks whether the first value is greater than or equal to the second.', (args, _c, site) => compare(args, site) >= 0),
  fn('if', 'logical', [3, 3], 'if(expression: boolean, valueIfTrue: any, valueIfFalse: any): any',
    'Returns one of two values depending on whether the expression is true. Only the chosen value is evaluated.',
    (args, _c, site) => (logicalArg(site, 0, (args[0] as Thunk)()) ? (args[1] as Thunk)() : (args[2] as Thunk)()), true),
  fn('less', 'logical', [2, 2], 'less(value: integer | float | string, compareTo: integer | float | string): boolean',
    'Checks whether the first value is less than the second.', (args, _c, site) => compare(args, site) < 0),
  fn('lessOrEquals', 'logical', [2, 2], 'lessOrEquals(value: integer | float | string, compareTo: integer | float | string): boolean',
    'Checks whether the first value is less than or equal to the second.', (args, _c, site) => compare(args, site) <= 0),
  fn('not', 'logical', [1, 1], 'not(expression: boolean): boolean', 'Returns the opposite of a Boolean value.',
    (args, _c, site) => !bool(args, 0, site)),
  fn('or', 'logical', [1, Infinity], 'or(expression1: boolean, expression2: boolean, ...): boolean',
    'Returns true when at least one expression is true. Evaluation stops at the first true.',
    (args, _c, site) => {
      for (let i = 0; i < args.length; i++) if (logicalArg(site, i, (args[i] as Thunk)())) return true;
      return false;
    }, true),
];

