/** Rendering of runs and reports: the element tree, the monitor's views and static HTML pages. */
export * from './vnode';
export * from './format';
export * from './view';
export { MONITOR_CSS } from './styles';
export { renderRunReport, staticPage, type ReportOptions } from './html';
