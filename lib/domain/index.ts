export * from './ids';
export * from './paging';
export * from './status';
export * from './infrastructure';
export * from './storage';
export * from './compute';
export * from './activity';
export * from './vm-actions';
