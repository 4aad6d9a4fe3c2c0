/** Pipeline graphs: the graph model of a pipeline (activities and dependencies) and its styles; graphLayout/ places it (ELK), report/graphSvg draws it. */
export type * from './types';
export * from './pipeline';
export * from './styles';
