// renderSvg: a drawn, responsive, self-contained SVG that follows the page colour; failures name the chart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
