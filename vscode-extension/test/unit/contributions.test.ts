// The static contributions: the manifest points at files that exist, the snippets cover
// every family and expand to text the grammar reads without an illegal character, the
// language configuration's patterns compile and indent as intended.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.join(__dirname, '..', '..', '..');
const readJson = (p: string): any => JSON.parse(readFileSync(path.join(root, p), 'utf8'));
const manifest = readJson('package.json');

interface Snippet { prefix: string; description: string; body: string[] }
const snippets = readJson('snippets/brain.json') as Record<string, Snippet>;

/** A snippet body with every placeholder replaced by its default (the first choice of a choice). */
export function expandSnippet(body: string[]): string {
  const text = body.join('\n');
  const defaults = new Map<string, string>();
  for (const m of text.matchAll(/\$\{(\d+):([^}]*)\}/g)) if (!defaults.has(m[1]!)) defaults.set(m[1]!, m[2]!);
  for (const m of text.matchAll(/\$\{(\d+)\|([^,|]*)[^}]*\|\}/g)) if (!defaults.has(m[1]!)) defaults.set(m[1]!, m[2]!);
  return text
    .replace(/\$\{(\d+):([^}]*)\}/g, (_m, _n, d: string) => d)
    .replace(/\$\{(\d+)\|([^,|]*)[^}]*\|\}/g, (_m, _n, d: string) => d)
    .replace(/\$(\d+)/g, (_m, n: string) => defaults.get(n) ?? '');
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.brain') return null;
      const file = path.join(root, 'syntaxes', 'brain.tmLanguage.json');
      return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
  });
  const loaded = await registry.loadGrammar('source.brain');
  assert.ok(loaded);
  grammar = loaded;
});

/** The scopes of every token of `text`, line by line. */
function tokenize(text: string): { line: number; text: string; scopes: string[] }[] {
  const out: { line: number; text: string; scopes: string[] }[] = [];
  let stack = textmate.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) out.push({ line: i + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = r.ruleStack;
  });
  return out;
}

describe('manifest', () => {
  it('contributes the brain language for .brain files with an icon', () => {
    const lang = manifest.contributes.languages.find((l: any) => l.id === 'brain');
    assert.ok(lang);
    assert.deepEqual(lang.extensions, ['.brain']);
    assert.ok(existsSync(path.join(root, lang.configuration)));
    assert.ok(existsSync(path.join(root, lang.icon.light)));
    assert.ok(existsSync(path.join(root, lang.icon.dark)));
    assert.deepEqual(manifest.activationEvents, ['onLanguage:brain']);
    assert.equal(manifest.name, 'brainc');
  });

  it('points at a grammar and snippets that exist', () => {
    for (const g of manifest.contributes.grammars) assert.ok(existsSync(path.join(root, g.path)), g.path);
    for (const s of manifest.contributes.snippets) assert.ok(existsSync(path.join(root, s.path)), s.path);
    assert.equal(manifest.contributes.grammars[0].scopeName, readJson('syntaxes/brain.tmLanguage.json').scopeName);
  });

  it('has the settings brainc.javaPath, brainc.serverJar and brainc.brainc', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of ['brainc.javaPath', 'brainc.serverJar', 'brainc.brainc']) {
      assert.equal(props[key]?.type, 'string', key);
      assert.equal(props[key]?.default, '', key);
    }
  });

  it('keeps @types/vscode within the engine it declares', () => {
    const engine = (manifest.engines.vscode as string).replace(/^\^/, '').split('.').map(Number);
    const types = (manifest.devDependencies['@types/vscode'] as string).replace(/^[~^]/, '').split('.').map(Number);
    assert.ok(types[0]! < engine[0]! || (types[0] === engine[0] && types[1]! <= engine[1]!), 'vsce rejects @types/vscode newer than engines.vscode');
  });
});

describe('snippets', () => {
  const required = ['neuron', 'synapse', 'network', 'population', 'connect', 'region', 'workspace', 'agent', 'rules', 'meta', 'train', 'run'];

  it('cover every family and statement', () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    for (const p of required) assert.ok(prefixes.includes(p), `snippet ${p}`);
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.description.length > 0, `${name} has a description`);
      assert.ok(Array.isArray(s.body) && s.body.length > 0, `${name} has a body`);
    }
  });

  for (const [name, s] of Object.entries(snippets)) {
    it(`${name} expands to text without illegal characters or stray placeholders`, () => {
      const text = expandSnippet(s.body);
      assert.doesNotMatch(text, /\$\{|\$\d/, 'every placeholder is replaced');
      const illegal = tokenize(text).filter((t) => t.scopes.some((sc) => sc.startsWith('invalid')));
      assert.deepEqual(illegal, []);
      // Braces, brackets and parentheses balance.
      for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']] as const) {
        assert.equal(text.split(open).length, text.split(close).length, `${open}${close} balance in ${name}`);
      }
    });
  }

  it('declare a name the grammar scopes as a declaration', () => {
    const tokens = tokenize(expandSnippet(snippets.neuron!.body));
    assert.ok(tokens.some((t) => t.text === 'Name' && t.scopes.includes('entity.name.type.brain')));
    assert.ok(tokens.some((t) => t.text === 'v' && t.scopes.includes('variable.other.definition.brain')));
  });
});

describe('language configuration', () => {
  const config = readJson('language-configuration.json');
  const increase = new RegExp(config.indentationRules.increaseIndentPattern as string);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern as string);

  it('comments with // and /* */', () => {
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('indents after an open brace and outdents a closing one', () => {
    assert.match('network CUBA {', increase);
    assert.match('  spike when v > v_th {', increase);
    assert.match('  population all = LIF[4000] {', increase);
    assert.doesNotMatch('  population exc = LIF[10] { v_rest = -65 mV }', increase);
    assert.doesNotMatch('  // a comment {', increase);
    assert.match('}', decrease);
    assert.match('    }', decrease);
    assert.doesNotMatch('  v = v_reset', decrease);
  });

  it('auto-closes every bracket pair and the string quote', () => {
    const pairs = (config.autoClosingPairs as { open: string; close: string }[]).map((p) => p.open + p.close);
    for (const p of ['{}', '[]', '()', '""']) assert.ok(pairs.includes(p), p);
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  });

  it('continues doc comments on Enter', () => {
    const rule = (config.onEnterRules as { beforeText: string; action: { appendText?: string } }[])
      .find((r) => r.action.appendText === '/// ');
    assert.ok(rule);
    assert.match('  /// Membrane time constant.', new RegExp(rule.beforeText));
    assert.doesNotMatch('  // plain', new RegExp(rule.beforeText));
  });

  it('has a word pattern that keeps primes and units apart', () => {
    const word = new RegExp(config.wordPattern as string, 'g');
    assert.deepEqual("v' = -65 mV + v_rest".match(word), ["v'", '-65', 'mV', 'v_rest']);
  });
});
