// The markdown factory: raw HTML escaped, unsafe links refused, KaTeX math, highlighted fences; self-contained CSS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightCss, katexCss } from '../src/report/render/assets.js';
import { createMarkdown } from '../src/report/render/markdown.js';

const md = createMarkdown();

describe('createMarkdown', () => {
  it('escapes raw HTML', () => {
    const out = md.render('Hello <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    assert.ok(!out.includes('<script'));
    assert.ok(!out.includes('<img'));
    assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  for (const url of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'vbscript:x',
    'data:text/html;base64,PHNjcmlwdD4=',
  ]) {
    it(`does not render a ${url.split(':')[0]}: link as a link`, () => {
      const out = md.render(`[click](${url}) and <${url}>`);
      assert.ok(!/<a\b/.test(out), out);
    });
  }

  it('renders http(s), mailto and relative links', () => {
    const out = md.render('[a](https://example.org/x) [b](mailto:a@b.c) [c](results/n.json)');
    assert.match(out, /<a href="https:\/\/example.org\/x">a<\/a>/);
    assert.match(out, /<a href="mailto:a@b.c">b<\/a>/);
    assert.match(out, /<a href="results\/n.json">c<\/a>/);
  });

  it('shows only inline data: images; other image sources become links, so nothing is loaded', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    assert.equal(md.render(`![dot](${png})`), `<p><img src="${png}" alt="dot"></p>\n`);
    assert.equal(
      md.render('![a chart](https://example.org/x.svg)'),
      '<p><a class="image-link" href="https://example.org/x.svg">a chart</a></p>\n',
    );
    assert.equal(md.render('![](./perf "t")'), '<p><a class="image-link" href="./perf">./perf</a></p>\n');
    assert.equal(md.render('![x](attachment:a.png)'), '<p><a class="image-link" href="attachment:a.png">x</a></p>\n');
    assert.ok(!/<img/.test(md.render('![x](javascript:alert(1))')));
  });

  it('leaves bare URLs as text (linkify off)', () => {
    assert.equal(md.render('see https://example.org'), '<p>see https://example.org</p>\n');
  });

  it('renders inline math with KaTeX, no script', () => {
    const out = md.render('The sum $\\sum_{x=1}^N 1/x^2$ converges.');
    assert.match(out, /<span class="math math-inline"><span class="katex">/);
    assert.match(out, /<annotation encoding="application\/x-tex">\\sum_\{x=1\}\^N 1\/x\^2<\/annotation>/);
    assert.ok(!out.includes('<script'));
    assert.ok(!out.includes('$'));
  });

  it('renders display math blocks with KaTeX', () => {
    for (const source of [
      '$$\n\\frac{\\pi^2}{6}\n$$',
      '$$\\frac{\\pi^2}{6}$$',
      'text\n\n$$\n\\zeta(2)\n= \\frac{\\pi^2}{6}\n$$\n\nafter',
    ]) {
      const out = md.render(source);
      assert.match(out, /<div class="math math-display"><span class="katex-display">/, source);
      assert.ok(!out.includes('$$'), out);
    }
  });

  it('leaves dollar amounts and unclosed dollars as text', () => {
    assert.equal(md.render('costs $5 and $6, or $ 3'), '<p>costs $5 and $6, or $ 3</p>\n');
    assert.equal(md.render('a \\$x$ b'), '<p>a $x$ b</p>\n');
    assert.equal(md.render('$$\nno end'), '<p>$$\nno end</p>\n');
  });

  it('shows a TeX error as escaped text instead of failing', () => {
    const out = md.render('$\\frac{<b>$');
    assert.match(out, /katex-error/);
    assert.ok(!out.includes('<b>'));
  });

  it('highlights fenced TypeScript and other languages with hljs classes', () => {
    const out = md.render('```ts\nconst n: number = 1e9; // <b>\n```');
    assert.match(out, /^<pre><code class="hljs language-typescript"><span class="hljs-keyword">const<\/span>/);
    assert.match(out, /&lt;b&gt;/);
    for (const [info, language] of [
      ['python', 'python'],
      ['rust', 'rust'],
      ['c', 'c'],
      ['json', 'json'],
      ['sh', 'bash'],
      ['armasm', 'armasm'],
      ['js', 'javascript'],
    ]) {
      assert.match(
        md.render(`\`\`\`${info}\nx = 1\n\`\`\``),
        new RegExp(`<code class="hljs language-${language}">`),
        info,
      );
    }
  });

  it('renders unknown and missing fence languages as escaped plain text', () => {
    assert.equal(
      md.render('```cobol\n<x>\n```'),
      '<pre><code class="hljs language-plaintext">&lt;x&gt;\n</code></pre>\n',
    );
    assert.equal(md.render('```\n<x>\n```'), '<pre><code>&lt;x&gt;\n</code></pre>\n');
  });
});

describe('self-contained CSS', () => {
  it('katexCss inlines every font as a woff2 data URL', () => {
    const css = katexCss();
    const urls = css.match(/url\([^)]*\)/g) ?? [];
    assert.ok(urls.length >= 20, `${urls.length} fonts`);
    assert.ok(urls.every((u) => u.startsWith('url(data:font/woff2;base64,')));
    assert.ok(!/\.woff\b|\.ttf\b/.test(css));
    assert.match(css, /\.katex\{/);
  });
  it('highlightCss wraps a light and a dark theme in prefers-color-scheme', () => {
    const css = highlightCss();
    assert.match(css, /@media \(prefers-color-scheme: light\) \{\n[^]*\.hljs/);
    assert.match(css, /@media \(prefers-color-scheme: dark\) \{\n[^]*\.hljs/);
    assert.ok(!/url\(/.test(css));
  });
});
