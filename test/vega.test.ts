// renderSvg: a drawn, responsive, self-contained SVG that follows the page colour; failures name the chart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BINARY_COUNT_LABEL } from '../src/report/charts/chart-data.js';
import { assertSelfContainedSvg, renderSvg } from '../src/report/render/vega.js';
import { countMarks } from './svg.js';

const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: 'demo',
  width: 400,
  height: 200,
  data: {
    values: [
      { x: 1, y: 2, c: 'a' },
      { x: 2, y: 3, c: 'a' },
      { x: 1, y: 1, c: 'b' },
      { x: 2, y: 4, c: 'b' },
    ],
  },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'x', type: 'quantitative' },
    y: { field: 'y', type: 'quantitative' },
    color: { field: 'c', type: 'nominal' },
  },
};

describe('renderSvg', () => {
  it('draws the marks', async () => {
    const marks = countMarks(await renderSvg(spec, 'demo'));
    assert.equal(marks.line, 2);
    assert.equal(marks.symbol, 4);
  });

  it('names every point on hover with an SVG <title>, and not the whole line', async () => {
    const svg = await renderSvg(spec, 'demo');
    const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.equal(titles.length, 4, 'one per point');
    assert.ok(titles.includes('x: 2; y: 4; c: b'), titles.join(' | '));
    assert.doesNotMatch(svg, /aria-roledescription="line mark"[^>]*><title>/);
  });

  it('gives 12 px text and a distinct colour to each of 13 series', async () => {
    const many = {
      ...spec,
      data: { values: Array.from({ length: 13 }, (_, i) => ({ x: 1, y: i, c: `s${i}` })) },
      mark: 'point',
    };
    const svg = await renderSvg(many, 'many');
    const colours = new Set(
      [...svg.matchAll(/aria-roledescription="point"[^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]),
    );
    assert.equal(colours.size, 13);
    const sizes = [...svg.matchAll(/font-size="(\d+)px"/g)].map((m) => Number(m[1]));
    assert.ok(sizes.length > 0 && Math.min(...sizes) >= 12, `font sizes ${sizes.join(',')}`);
  });

  it('labels a power-of-two axis as people write chunk sizes: 1k, 64k, 1M, 16M', async () => {
    const chunks = {
      ...spec,
      width: 700,
      data: { values: [512, 1024, 65536, 1048576, 16777216].map((x) => ({ x, y: 1, c: 'a' })) },
      mark: 'point',
      encoding: {
        x: {
          field: 'x',
          type: 'quantitative',
          scale: { type: 'log', base: 2 },
          axis: { labelExpr: BINARY_COUNT_LABEL },
        },
        y: { field: 'y', type: 'quantitative' },
      },
    };
    const labels = [...(await renderSvg(chunks, 'chunks')).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const label of ['1k', '64k', '1M', '16M'])
      assert.ok(labels.includes(label), `${label} in ${labels.join(' ')}`);
    assert.ok(!labels.some((label) => /\.\d+k|\d{4,}/.test(label ?? '')), labels.join(' '));
  });

  it('is responsive: width 100% up to its natural width, with a viewBox and no fixed height', async () => {
    const svg = await renderSvg(spec, 'demo');
    const root = /^<svg[^>]*>/.exec(svg)![0];
    assert.match(root, /\swidth="100%"/);
    assert.match(root, /\sviewBox="0 0 \d+ \d+"/);
    assert.match(root, /style="max-width: \d+px; height: auto"/);
    assert.doesNotMatch(root, /\sheight="/);
    assert.match(root, /aria-label="demo"/);
  });

  it('draws text, axes and grid in currentColor with a transparent background (legible in light and dark mode)', async () => {
    const svg = await renderSvg(spec, 'demo');
    assert.match(svg, /<text[^>]*fill="currentColor"/);
    assert.match(svg, /class="mark-rule role-axis-domain"[^]*?stroke="currentColor"/);
    // No fixed dark or light ink that would vanish on one of the two backgrounds.
    assert.doesNotMatch(svg, /(fill|stroke)="(#000|#000000|black|#fff|#ffffff|white|#888|#888888)"/i);
    assert.doesNotMatch(svg, /class="background"[^>]*fill=/);
  });

  it('contains no external reference: no URL, font or image', async () => {
    const svg = await renderSvg({ ...spec, title: 'https://example.org in a title' }, 'demo').catch(
      (e: Error) => e.message,
    );
    assert.match(svg, /chart "demo": rendered SVG contains an http\(s\) URL/);
    const clean = await renderSvg(spec, 'demo');
    assertSelfContainedSvg(clean, 'demo');
    assert.doesNotMatch(clean.replace(/\sxmlns(:\w+)?="[^"]*"/g, ''), /https?:|@font-face|<image/);
  });

  it('rejects hostile SVG content', () => {
    assert.throws(
      () => assertSelfContainedSvg('<svg><image href="https://x/y.png"/></svg>', 'c'),
      /chart "c": rendered SVG contains an http\(s\) URL, an external href, an <image>/,
    );
    assert.throws(
      () => assertSelfContainedSvg('<svg><style>@import "x.css"</style></svg>', 'c'),
      /a stylesheet reference/,
    );
  });

  it('fails with a message naming the chart', async () => {
    await assert.rejects(
      renderSvg({ mark: 'nonsense-mark', data: { values: [] } }, 'broken chart'),
      /^Error: chart "broken chart" failed to render: /,
    );
    await assert.rejects(
      renderSvg(
        {
          mark: 'point',
          encoding: { x: { field: 'x', type: 'quantitative', scale: { type: 'no-such-scale' } } },
          data: { values: [{ x: 1 }] },
        },
        'bad scale',
      ),
      /chart "bad scale"/,
    );
  });
});
