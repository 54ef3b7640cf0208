// Writes syntaxes/brain.tmLanguage.json from the definitions below, so that the identifier
// and keyword patterns are spelled once. `node scripts/build-grammar.mjs` rewrites the file;
// `--check` fails when the committed file differs from what this script produces.
// The keyword lists follow grammar/src/main/antlr4/brainc/grammar/Brain.g4.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'syntaxes', 'brain.tmLanguage.json');

/** Identifier characters of the lexer (ID_START, ID_PART). */
const START = 'A-Za-z_\u00B5\u03BC\u03A9';
const PART = 'A-Za-z0-9_\u00B5\u03BC\u03A9';
const B = `(?<![${PART}])`; // no identifier character before
const E = `(?![${PART}])`; // no identifier character after
const ID = `[${START}][${PART}]*`;
const QID = `${ID}(?:\\s*\\.\\s*${ID})*`;
const NUMBER = '(?>\\d(?:_?\\d)*(?:\\.\\d(?:_?\\d)*)?(?:[eE][+-]?\\d(?:_?\\d)*)?)';

/** Reserved words (docs/language.md, "Identifiers and keywords"), by role. */
export const MODEL_KINDS = ['neuron', 'synapse', 'network', 'region', 'workspace', 'agent', 'rules', 'meta'];
export const MEMBER_KINDS = ['param', 'state', 'input', 'let', 'var', 'trace', 'population', 'layer', 'output', 'signal', 'property'];
export const STATEMENTS = ['run', 'train', 'detect'];
export const OTHER_RESERVED = ['step', 'spike', 'refractory', 'on', 'modulated', 'connect', 'monitor', 'deliver'];
export const CONDITIONALS = ['if', 'then', 'else'];
export const LOGICAL = ['not', 'and', 'or'];
export const IMPORTS = ['package', 'use'];
export const RESERVED = [...MODEL_KINDS, ...MEMBER_KINDS, ...STATEMENTS, ...OTHER_RESERVED,
  ...CONDITIONALS, ...LOGICAL, ...IMPORTS, 'extends', 'true', 'false'];

/** Clause words: keywords where a clause may start, names elsewhere (`ident` in Brain.g4). */
export const SOFT = [
  'kernel', 'surrogate', 'when', 'decays', 'pre', 'post', 'always', 'within', 'given',
  'no', 'spikes', 'any', 'increases', 'decreases', 'unchanged', 'by', 'as',
  'all', 'one_to_one', 'dense', 'probability', 'fixed_fanin', 'fixed_fanout',
  'weight', 'delay', 'via', 'encode', 'of', 'every', 'at',
  'for', 'dt', 'seed', 'threads', 'backend', 'in', 'environment', 'dataset',
  'curriculum', 'until', 'episodes', 'epochs', 'batch', 'report', 'loss', 'optimizer',
  'schedule', 'anomalies', 'anomaly', 'with', 'to', 'unless', 'while',
  'module', 'width', 'slots', 'capacity', 'select', 'temperature', 'broadcast', 'memory',
  'hidden', 'observe', 'likelihood', 'control', 'transition', 'depends', 'prefer',
  'prior', 'plan', 'horizon', 'minimize', 'action', 'gamma', 'alpha', 'inductive',
  'predicate', 'rule', 'fact', 'query', 'forall', 'exists', 'confidence',
  'model', 'tasks', 'gate', 'method',
  'same_step',
];

/** Built-in functions and readouts (docs/language.md sections 3, 7 and 15). */
export const BUILTINS = [
  'exp', 'log', 'log10', 'sin', 'cos', 'atan', 'tanh', 'sigmoid', 'sqrt', 'abs', 'floor',
  'ceil', 'round', 'min', 'max', 'clip', 'mod', 'heaviside', 'uniform', 'normal', 'lognormal',
  'bernoulli', 'argmax', 'pools', 'spike_count', 'rate', 'membrane', 'linear', 'baseline', 'mean',
  'xi', 'coincidence', 'delayed', 'leaky',
];

const TYPES = ['bool', 'int', 'float', 'real'];

const words = (list) => `${B}(?:${list.join('|')})${E}`;
const group = (list) => `${B}(${list.join('|')})${E}`;
const ALL_KEYWORDS = [...RESERVED, ...SOFT];

/** Characters a type or unit expression (`mV/ms`, `[3] mV`, `1/s`, `nS*mV`) is made of. */
const TYPE_EXPR = `((?:\\[\\s*\\d+\\s*\\]\\s*)*[${PART}*/^()\\- \\t]*?)`;
const TYPE_END = `(?=\\s*(?:=(?![=>])|${B}(?:in|kernel)${E}|//|/\\*|;|\\}|$))`;

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Brain',
  scopeName: 'source.brain',
  fileTypes: ['brain'],
  patterns: [{ include: '#statements' }],
  repository: {
    statements: {
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#import' },
        { include: '#model-declaration' },
        { include: '#equation' },
        { include: '#step' },
        { include: '#typed-member' },
        { include: '#population' },
        { include: '#member-declaration' },
        { include: '#via' },
        { include: '#rule-name' },
        { include: '#statement-target' },
        { include: '#monitor' },
        { include: '#keywords' },
        { include: '#numbers' },
        { include: '#calls' },
        { include: '#soft-keywords' },
        { include: '#section' },
        { include: '#constants' },
        { include: '#identifiers' },
        { include: '#parens' },
        { include: '#operators' },
        { include: '#punctuation' },
      ],
    },
    comments: {
      patterns: [
        {
          name: 'comment.line.documentation.brain',
          begin: '///',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.documentation.brain' } },
          end: '$',
        },
        {
          name: 'comment.line.double-slash.brain',
          begin: '//',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.brain' } },
          end: '$',
        },
        {
          name: 'comment.block.brain',
          begin: '/\\*',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.brain' } },
          end: '\\*/',
          endCaptures: { 0: { name: 'punctuation.definition.comment.end.brain' } },
        },
      ],
    },
    strings: {
      name: 'string.quoted.double.brain',
      begin: '"',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.brain' } },
      end: '(")|$',
      endCaptures: { 1: { name: 'punctuation.definition.string.end.brain' } },
      patterns: [{ name: 'constant.character.escape.brain', match: '\\\\.' }],
    },
    import: {
      comment: '`package a.b`, `use brain.neurons.LIF as Cell`',
      match: `${group(IMPORTS)}\\s+(${QID})(?:\\s+(as)${E}\\s*(${ID})?)?`,
      captures: {
        1: { name: 'keyword.control.import.brain' },
        2: { name: 'entity.name.namespace.brain' },
        3: { name: 'keyword.control.import.brain' },
        4: { name: 'entity.name.type.alias.brain' },
      },
    },
    'model-declaration': {
      comment: '`neuron LIF extends Base`, `rules Birds : fuzzy(...)`: the declared name and its family',
      match: `${group(MODEL_KINDS)}(?:\\s+(${ID}))?(?:\\s+(extends)${E}(?:\\s+(${QID}))?)?(?:\\s*(:)\\s*(${ID}))?`,
      captures: {
        1: { name: 'storage.type.$1.brain' },
        2: { name: 'entity.name.type.brain' },
        3: { name: 'storage.modifier.extends.brain' },
        4: { name: 'entity.other.inherited-class.brain' },
        5: { name: 'punctuation.separator.colon.brain' },
        6: { name: 'support.type.family.brain' },
      },
    },
    equation: {
      comment: "`v' = (v_rest - v) / tau_m`: the primed name is the variable the equation defines",
      match: `${B}(${ID})\\s*('+)\\s*(=)(?![=>])`,
      captures: {
        1: { name: 'variable.other.definition.brain' },
        2: { name: 'keyword.operator.prime.brain' },
        3: { name: 'keyword.operator.assignment.brain' },
      },
    },
    step: {
      comment: '`step mem = beta * mem + I`',
      match: `${B}(step)\\s+(${ID})\\s*(\\+=|-=|\\*=|/=|=(?![=>]))?`,
      captures: {
        1: { name: 'keyword.other.step.brain' },
        2: { name: 'variable.other.definition.brain' },
        3: { name: 'keyword.operator.assignment.brain' },
      },
    },
    'typed-member': {
      comment: '`param g: nS = 5 nS`, `input I: mV kernel exp(...)`, `state x: [3] mV`',
      match: `${group(['param', 'state', 'input', 'var', 'let'])}\\s+(${ID})\\s*(:)\\s*${TYPE_EXPR}${TYPE_END}`,
      captures: {
        1: { name: 'storage.type.$1.brain' },
        2: { name: 'entity.name.variable.brain' },
        3: { name: 'punctuation.separator.colon.brain' },
        4: { patterns: [{ include: '#type-expression' }] },
      },
    },
    'type-expression': {
      patterns: [
        { name: 'support.type.primitive.brain', match: group(TYPES) },
        { name: 'constant.numeric.brain', match: NUMBER },
        { name: 'keyword.other.unit.brain', match: ID },
        { name: 'keyword.operator.arithmetic.brain', match: '[*/^\\-]' },
        { name: 'punctuation.brackets.brain', match: '[\\[\\]()]' },
      ],
    },
    population: {
      comment: '`population exc = LIF[3200]`: a model (capitalized by convention) or a population to slice (`all[0 .. 10]`)',
      match: `${group(['population', 'layer'])}\\s+(${ID})\\s*(=)(?![=>])\\s*(?:((?:${ID}\\s*\\.\\s*)*[A-Z][${PART}]*)${E}|(${QID}))?`,
      captures: {
        1: { name: 'storage.type.$1.brain' },
        2: { name: 'entity.name.variable.brain' },
        3: { name: 'keyword.operator.assignment.brain' },
        4: { name: 'entity.name.type.model.brain' },
        5: { name: 'variable.other.brain' },
      },
    },
    via: {
      comment: '`via RSTDP { ... }`: a synapse model; `via exp(tau = 5 ms)` is a kernel, scoped as a call',
      match: `${B}(via)\\s+(${QID})${E}(?!\\s*\\()`,
      captures: {
        1: { name: 'keyword.other.clause.brain' },
        2: { name: 'entity.name.type.model.brain' },
      },
    },
    section: {
      comment: 'A block of settings: `spatial_pooler {`, `inner {`',
      match: `^\\s*(?!${words(ALL_KEYWORDS)})(${ID})\\s*(?=\\{)`,
      captures: { 1: { name: 'entity.name.section.brain' } },
    },
    'member-declaration': {
      comment: 'The name declared by `param`, `population`, `output`, `module`, `hidden`, ...',
      match: `${group([...MEMBER_KINDS, 'module', 'hidden', 'observe', 'control', 'prefer', 'prior'])}\\s+(${ID})`,
      captures: {
        1: { name: 'storage.type.$1.brain' },
        2: { name: 'entity.name.variable.brain' },
      },
    },
    'rule-name': {
      comment: '`rule birds_fly: ...` (the name is optional)',
      match: `${B}(rule)\\s+(${ID})\\s*(:)`,
      captures: {
        1: { name: 'keyword.other.clause.brain' },
        2: { name: 'entity.name.function.rule.brain' },
        3: { name: 'punctuation.separator.colon.brain' },
      },
    },
    'statement-target': {
      comment: '`run CUBA`, `train Driver`, `detect anomalies with Taxi`',
      match: `${group(STATEMENTS)}(?:\\s+(anomalies)\\s+(with))?\\s+(${ID})`,
      captures: {
        1: { name: 'keyword.control.statement.brain' },
        2: { name: 'keyword.other.clause.brain' },
        3: { name: 'keyword.other.clause.brain' },
        4: { name: 'entity.name.type.reference.brain' },
      },
    },
    monitor: {
      comment: '`monitor spikes, v of exc`: what is monitored are names, not clause words',
      match: `${B}(monitor)\\s+(${ID}(?:\\s*,\\s*${ID})*)(?=\\s+of${E})`,
      captures: {
        1: { name: 'keyword.other.monitor.brain' },
        2: {
          patterns: [
            { name: 'variable.other.brain', match: ID },
            { name: 'punctuation.separator.comma.brain', match: ',' },
          ],
        },
      },
    },
    keywords: {
      patterns: [
        { name: 'storage.type.$1.brain', match: group([...MODEL_KINDS, ...MEMBER_KINDS]) },
        { name: 'storage.modifier.extends.brain', match: words(['extends']) },
        { name: 'keyword.control.import.brain', match: words(IMPORTS) },
        { name: 'keyword.control.statement.brain', match: words(STATEMENTS) },
        { name: 'keyword.control.conditional.brain', match: words(CONDITIONALS) },
        { name: 'keyword.operator.logical.brain', match: words(LOGICAL) },
        { name: 'constant.language.boolean.brain', match: words(['true', 'false']) },
        { name: 'keyword.other.$1.brain', match: group(OTHER_RESERVED) },
      ],
    },
    numbers: {
      patterns: [
        {
          comment: '`80%`',
          match: `${B}(${NUMBER})\\s*(%)`,
          captures: {
            1: { name: 'constant.numeric.brain' },
            2: { name: 'keyword.other.unit.percent.brain' },
          },
        },
        {
          comment: '`20 ms`, `-65 mV`, `100 Hz`: an identifier right after a number on the same line is its unit',
          match: `${B}(${NUMBER})[ \\t\\f]*(?!${words(ALL_KEYWORDS)})(${ID})`,
          captures: {
            1: { name: 'constant.numeric.brain' },
            2: { name: 'keyword.other.unit.brain' },
          },
        },
        { name: 'constant.numeric.brain', match: `${B}${NUMBER}` },
      ],
    },
    calls: {
      patterns: [
        {
          comment: '`inductive(depth = 8)` is a clause of `plan`, not a call',
          match: `${B}(inductive)(?=\\s*\\()`,
          captures: { 1: { name: 'keyword.other.clause.brain' } },
        },
        {
          match: `(?<!\\.)${group(BUILTINS)}(?=\\s*\\()`,
          captures: { 1: { name: 'support.function.builtin.brain' } },
        },
        {
          match: `${B}(${ID})(?=\\s*\\()`,
          captures: { 1: { name: 'entity.name.function.brain' } },
        },
      ],
    },
    'soft-keywords': {
      comment: 'Clause words, unless used as a name: before `=`, `[`, `.`, `,`, `)` or after `.`',
      name: 'keyword.other.clause.brain',
      match: `(?<!\\.)${words(SOFT)}(?!\\s*(?:=(?![=>])|[\\[,)']|\\.(?!\\.)))`,
    },
    constants: {
      name: 'constant.language.pi.brain',
      match: words(['pi']),
    },
    identifiers: {
      name: 'variable.other.brain',
      match: `${B}${ID}`,
    },
    parens: {
      comment: 'Inside parentheses, `name =` is a named argument: `exp(tau = 5 ms)`',
      begin: '\\(',
      beginCaptures: { 0: { name: 'punctuation.parenthesis.begin.brain' } },
      end: '\\)',
      endCaptures: { 0: { name: 'punctuation.parenthesis.end.brain' } },
      patterns: [
        {
          match: `${B}(${ID})\\s*(?==(?![=>]))`,
          captures: { 1: { name: 'variable.parameter.brain' } },
        },
        { include: '#statements' },
      ],
    },
    operators: {
      patterns: [
        { name: 'keyword.operator.implication.brain', match: '<->|=>' },
        { name: 'keyword.operator.arrow.brain', match: '->' },
        { name: 'keyword.operator.range.brain', match: '\\.\\.' },
        { name: 'keyword.operator.assignment.compound.brain', match: '\\+=|-=|\\*=|/=' },
        { name: 'keyword.operator.comparison.brain', match: '==|!=|<=|>=|<|>' },
        { name: 'keyword.operator.assignment.brain', match: '=' },
        { name: 'keyword.operator.arithmetic.brain', match: '[-+*/^]' },
        { name: 'keyword.operator.prime.brain', match: "'" },
      ],
    },
    punctuation: {
      patterns: [
        { name: 'punctuation.section.braces.begin.brain', match: '\\{' },
        { name: 'punctuation.section.braces.end.brain', match: '\\}' },
        { name: 'punctuation.section.brackets.begin.brain', match: '\\[' },
        { name: 'punctuation.section.brackets.end.brain', match: '\\]' },
        { name: 'punctuation.parenthesis.end.brain', match: '\\)' },
        { name: 'punctuation.separator.comma.brain', match: ',' },
        { name: 'punctuation.terminator.semicolon.brain', match: ';' },
        { name: 'punctuation.separator.colon.brain', match: ':' },
        { name: 'punctuation.accessor.brain', match: '\\.' },
        { name: 'invalid.illegal.character.brain', match: '[^\\s]' },
      ],
    },
  },
};

export const text = JSON.stringify(grammar, null, 2) + '\n';

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error(`${target} is out of date: run node scripts/build-grammar.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
}
