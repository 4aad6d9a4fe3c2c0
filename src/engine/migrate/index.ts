/**
 * ADF → Data Factory in Microsoft Fabric: the migration check (what converts as is, with a change, or has no
 * equivalent) and the conversion to Fabric git-layout items, with the factory's pipeline tests adapted.
 */
export * from './table';
export * from './ids';
export * from './analyse';
export * from './convert';
export * from './tests';
export { pathText } from './rewrite';
export * from './stages';
