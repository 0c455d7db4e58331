// The explore API: define a variant, bench it, compare it, save it (README: "Exploring in Jupyter").
export { variant, loadVariant, resolveVariant, type UserVariant, type UserVariantSpec } from './variant.js';
export { bench, type BenchOptions, type BenchReport } from './bench.js';
export { compare, compareSettings, type CompareOptions, type Comparison } from './compare.js';
export { save, type SaveOptions } from './save.js';
export type { MeasureOptions } from './options.js';
