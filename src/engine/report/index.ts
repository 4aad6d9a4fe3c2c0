/**
 * Run reports: the monitor view (virtual DOM rendered by the webview and by the static HTML report), formatting of
 * durations/sizes/times, the monitor's styles, and the self-contained HTML report of `adfw run --report`.
 */
export * from './format';
export * from './vnode';
export * from './view';
export * from './styles';
export * from './html';
export * from './graphSvg';
