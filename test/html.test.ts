// The html tag: escaping in text and attribute contexts, unsafe() passthrough, JSON inside <script>.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, jsonForScript, unsafe } from '../src/report/render/html.js';

describe('html', () => {
  const hostile = `<script>alert("x")</script> & 'q'`;
  it('escapes interpolations in text', () => {
    assert.equal(
      html`<p>${hostile}</p>`.markup,
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>',
    );
  });
  it('escapes interpolations in double- and single-quoted attributes', () => {
    assert.equal(html`<a title="${'" onmouseover="x'}">`.markup, '<a title="&quot; onmouseover=&quot;x">');
    assert.equal(html`<a title='${"' onmouseover='x"}'>`.markup, "<a title='&#39; onmouseover=&#39;x'>");
  });
  it('refuses an unquoted attribute value', () => {
    assert.throws(() => html`<a href=${'x onclick=alert(1)'}>`, /unquoted attribute value/);
    assert.equal(html`<p>a = ${1}</p>`.markup, '<p>a = 1</p>');
  });
  it('passes unsafe() and nested html through unescaped', () => {
    assert.equal(
      html`<div>${unsafe('<b>bold</b>')}${html`<i>${'<'}</i>`}</div>`.markup,
      '<div><b>bold</b><i>&lt;</i></div>',
    );
  });
  it('joins arrays, escaping each item, and renders null/undefined as empty', () => {
    assert.equal(
      html`<ul>${['<a>', html`<li>x</li>`, null, undefined, 0]}</ul>`.markup,
      '<ul>&lt;a&gt;<li>x</li>0</ul>',
    );
    assert.equal(String(html`${null}${undefined}`), '');
  });
  it('escapeHtml escapes the five special characters', () => {
    assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment', () => {
    const text = jsonForScript({ s: '</script><script>alert(1)</script><!--', l: '\u2028\u2029' });
    assert.ok(!text.includes('<'));
    assert.ok(!/[\u2028\u2029]/.test(text));
    assert.deepEqual(JSON.parse(text), { s: '</script><script>alert(1)</script><!--', l: '\u2028\u2029' });
  });
  it('throws for a value with no JSON form', () => {
    assert.throws(() => jsonForScript(undefined), /no JSON representation/);
  });
});
