// The layers of src/, lowest first: a module may import from its own layer and the layers below it,
// never from a layer above, and no import may close a circle. `npm test` runs this check
// (`npm run lint`); docs/ARCHITECTURE.md explains what each layer owns.
const LAYERS = [
  ['util', '^src/util/'],
  ['reference', '^src/reference/'],
  ['kernels', '^src/kernels/'],
  ['results', '^src/results/'],
  ['machine', '^src/machine/'],
  ['measure', '^src/measure/'],
  ['peers', '^src/peers/'],
  ['jupyter', '^src/jupyter/'],
  ['report', '^src/report/'],
  ['chapters', '^src/chapters/'],
  ['pipeline', '^src/pipeline/'],
  ['cli', '^src/(cli/|index\\.ts$)'],
  ['scripts', '^scripts/'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `${name}-imports-only-downward`,
  severity: 'error',
  comment: `${name} may import only from itself and the layers below it`,
  from: { path },
  to: { path: LAYERS.slice(index + 1).map(([, above]) => above) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import circle', from: {}, to: { circular: true } },
    ...upward,
    {
      name: 'src-not-from-test',
      severity: 'error',
      comment: 'product code never imports test code',
      from: { path: '^(src|scripts)/' },
      to: { path: '^test/' },
    },
    {
      name: 'every-file-in-a-layer',
      severity: 'error',
      comment: 'each module of src/ belongs to one of the layers',
      from: { path: '^src/', pathNot: LAYERS.map(([, path]) => path) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
