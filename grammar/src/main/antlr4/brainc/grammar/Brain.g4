/*
 * The grammar of the .brain language.
 *
 * Conventions:
 *  - No actions or predicates: the grammar only says what parses. Meaning is the compiler's.
 *  - Newlines separate members, as does ';'. The lexer emits NL tokens; the compiler's
 *    NewlineFilter drops the ones that cannot end a member (inside () and [], after an
 *    operator or comma, before a closing bracket or a binary operator), so that expressions
 *    and argument lists may span lines.
 *  - A number followed by a plain identifier on the same line is a quantity with a unit
 *    (`20 ms`); the unit is checked by the compiler, not here.
 *  - Clause words (`weight`, `epochs`, `horizon`, ...) are keywords so that they end the
 *    expression before them, but they stay usable as names: see `ident`.
 *  - Labels give every part a name the AST builder uses for source ranges.
 */
grammar Brain;

// ============================================================================================
// Files
// ============================================================================================

file
    : sep? (packageDecl sep?)? (topLevel sep?)* EOF
    ;

packageDecl
    : 'package' name=qualifiedName
    ;

useDecl
    : 'use' name=qualifiedName ('as' alias=ident)?
    ;

topLevel
    : useDecl
    | neuronDecl
    | synapseDecl
    | networkDecl
    | regionDecl
    | workspaceDecl
    | agentDecl
    | rulesDecl
    | metaDecl
    | runStmt
    | trainStmt
    | detectStmt
    ;

qualifiedName
    : ident ('.' ident)*
    ;

// ============================================================================================
// Neurons
// ============================================================================================

neuronDecl
    : 'neuron' name=ident ('extends' base=qualifiedName)? '{' sep? (neuronMember sep?)* '}'
    ;

/** Members of the other model kind parse too, so that the checker can say where they belong. */
neuronMember
    : paramDecl
    | stateDecl
    | inputDecl
    | letDecl
    | equation
    | stepDecl
    | spikeDecl
    | refractoryDecl
    | methodDecl
    | propertyDecl
    | varDecl
    | traceDecl
    | onDecl
    | modulatedDecl
    ;

paramDecl
    : 'param' name=ident (':' type=typeExpr)? ('=' value=expr)? ('in' range=expr)?
    ;

stateDecl
    : 'state' name=ident (':' type=typeExpr)? ('=' value=expr)?
    ;

inputDecl
    : 'input' name=ident (':' type=typeExpr)? ('kernel' kernel=call)?
    ;

letDecl
    : 'let' name=ident (':' type=typeExpr)? '=' value=expr
    ;

/**
 * `v' = (v_rest - v) / tau_m`: a first-order ODE in continuous time, optionally with its
 * integration method; `unless refractory` holds its variable during the neuron's refractory
 * period.
 */
equation
    : name=ident primes+=PRIME+ '=' value=expr ('method' method=ident)? (unless='unless' 'refractory')?
    ;

/** `method exponential_euler`: how the model's equations are integrated (unless one names its own). */
methodDecl
    : 'method' name=ident
    ;

/** `step mem = beta * mem + I`: a discrete update, once per time step. */
stepDecl
    : 'step' name=ident op=assignOp value=expr
    ;

spikeDecl
    : 'spike' 'when' condition=expr ('surrogate' surrogate=call)? body=block?
    ;

/** `refractory 2 ms` (a period after each spike) or `refractory while v > -40 mV` (a condition). */
refractoryDecl
    : 'refractory' 'while' condition=expr
    | 'refractory' period=expr
    ;

block
    : '{' sep? (statement sep?)* '}'
    ;

statement
    : assignment
    | deliverStmt
    | ifStmt
    ;

assignment
    : target=ident op=assignOp value=expr
    ;

assignOp
    : '=' | '+=' | '-=' | '*=' | '/='
    ;

deliverStmt
    : 'deliver' value=expr
    ;

ifStmt
    : 'if' condition=expr then=block ('else' (elseIf=ifStmt | otherwise=block))?
    ;

// ============================================================================================
// Synapses and plasticity
// ============================================================================================

synapseDecl
    : 'synapse' name=ident ('extends' base=qualifiedName)? '{' sep? (synapseMember sep?)* '}'
    ;

synapseMember
    : paramDecl
    | varDecl
    | traceDecl
    | letDecl
    | equation
    | onDecl
    | modulatedDecl
    | sameStepDecl
    | propertyDecl
    | stateDecl
    | inputDecl
    | stepDecl
    | spikeDecl
    | refractoryDecl
    | methodDecl
    ;

varDecl
    : 'var' name=ident (':' type=typeExpr)? ('=' value=expr)?
    ;

/** `trace x_pre decays tau on pre += 1`: one trace per neuron of that side. */
traceDecl
    : 'trace' name=ident 'decays' tau=expr 'on' side op=assignOp value=expr
    ;

side
    : 'pre' | 'post'
    ;

onDecl
    : 'on' side body=block
    ;

/** How a pre and a post spike in one step pair: `same_step pre_then_post` (default: `unpaired`). */
sameStepDecl
    : 'same_step' pairing=ident
    ;

modulatedDecl
    : 'modulated' 'by' signal=ident body=block
    ;

propertyDecl
    : 'property' name=ident ':' propertyBody
    ;

propertyBody
    : 'always' condition=expr                       # invariantProperty
    | scenario '=>' outcome                         # scenarioProperty
    ;

scenario
    : events+=scenarioEvent ('then' events+=scenarioEvent)*
      ('within' window=expr)?
      ('given' given+=namedArg (',' given+=namedArg)*)?
    ;

scenarioEvent
    : 'pre'
    | 'post'
    | 'no' 'spikes'
    | 'any' 'spikes'
    ;

outcome
    : variable=ident trend=('increases' | 'decreases' | 'unchanged')
    ;

// ============================================================================================
// Networks
// ============================================================================================

networkDecl
    : 'network' name=ident '{' sep? (networkMember sep?)* '}'
    ;

networkMember
    : useDecl
    | paramDecl
    | letDecl
    | populationDecl
    | inputGroupDecl
    | connectDecl
    | outputDecl
    | signalDecl
    | monitorDecl
    ;

/** `population exc = LIF[3200] { v_th = -50 mV }`, or a slice `population exc = all[0 .. 3200]`. */
populationDecl
    : kind=('population' | 'layer') name=ident '=' source=qualifiedName '[' size=expr ']' overrides=overrideBlock?
    ;

overrideBlock
    : '{' sep? (override ((',' | sep) override)* (',' | sep)?)? '}'
    ;

/** `v_th = -50 mV`, or a flag with a value such as `excitatory 80%`. */
override
    : name=ident '=' value=expr
    | name=ident value=expr
    ;

inputGroupDecl
    : 'input' name=ident ('[' size=expr ']')? ('encode' encoder=call)?
    ;

connectDecl
    : 'connect' stages+=endpoints ('->' stages+=endpoints)+ connectClause*
    ;

endpoints
    : endpoint (',' endpoint)*
    ;

/** A population, an optional slice, and an optional input port: `exc[0 .. 10].I_exc`. */
endpoint
    : name=ident ('[' slice=expr ']')? ('.' port=ident)?
    ;

connectClause
    : 'weight' weight=expr                          # weightClause
    | 'delay' delay=expr                            # delayClause
    | 'probability' p=expr                          # probabilityClause
    | 'fixed_fanin' k=expr                          # fanInClause
    | 'fixed_fanout' k=expr                         # fanOutClause
    | 'all'                                         # allClause
    | 'one_to_one'                                  # oneToOneClause
    | 'dense'                                       # denseClause
    | 'via' via+=viaItem (',' via+=viaItem)*        # viaClause
    ;

/** A synapse model (`RSTDP`, `STDP { w_max = 2 }`) or an input kernel (`exp(tau = 5 ms)`). */
viaItem
    : name=ident ('(' args? ')')? overrides=overrideBlock?
    ;

outputDecl
    : 'output' name=ident '=' value=expr ('at' when=ident)?
    ;

signalDecl
    : 'signal' name=ident '=' value=expr
    ;

/** `monitor v of exc every 1 ms`; of a connection's synapses, `monitor w of inp[0 .. 10] -> exc at end`. */
monitorDecl
    : 'monitor' what+=ident (',' what+=ident)* 'of' targets=endpoints ('->' post=endpoint)?
      ('every' every=expr | 'at' when=ident)?
    ;

// ============================================================================================
// Statements: run, train, detect
// ============================================================================================

runStmt
    : 'run' target=ident runClause*
    ;

runClause
    : 'for' duration=expr                           # forClause
    | 'dt' dt=expr                                  # dtClause
    | 'seed' seed=expr                              # seedClause
    | 'threads' threads=expr                        # threadsClause
    | 'backend' backend=ident                       # backendClause
    ;

trainStmt
    : 'train' target=ident
      (('in' 'environment') | ('on' 'dataset')) source=call
      trainBody?
    ;

trainBody
    : '{' sep? (trainItem sep?)* '}'
    ;

trainItem
    : 'curriculum' '{' sep? (phases+=phase ((';' | sep) phases+=phase)* sep?)? '}'   # curriculumItem
    | key=ident value=expr?                                                         # settingItem
    ;

/** `straight until mean(20) > 50`, or with the metric of the phase before: `curves until > 30`. */
phase
    : name=ident ('until' (condition=expr | op=('<' | '<=' | '>' | '>=') bound=expr))?
    ;

detectStmt
    : 'detect' 'anomalies' 'with' target=ident 'in' format=ident path=STRING ('to' out=STRING)?
      ('report' reports+=ident (',' reports+=ident)*)?
    ;

// ============================================================================================
// HTM regions
// ============================================================================================

regionDecl
    : 'region' name=ident ':' family=call '{' sep? (regionMember sep?)* '}'
    ;

regionMember
    : 'encode' field=ident 'with' encoder=call      # encodeMember
    | 'anomaly' model=call                          # anomalyMember
    | section                                       # sectionMember
    ;

/** A block of settings: `spatial_pooler { columns = 2048, sparsity = 0.02 }` or `inner { steps 1, lr 0.01 }`. */
section
    : name=ident '{' sep? (setting ((',' | sep) setting)* (',' | sep)?)? '}'
    ;

setting
    : key=ident '='? value=expr
    ;

// ============================================================================================
// Global workspace
// ============================================================================================

workspaceDecl
    : 'workspace' name=ident (':' family=call)? '{' sep? (workspaceMember sep?)* '}'
    ;

workspaceMember
    : 'module' name=ident ':' size=expr                                                     # moduleMember
    | 'width' width=expr                                                                    # widthMember
    | 'slots' slots=expr                                                                    # slotsMember
    | 'capacity' capacity=expr ('select' selection=ident ('by' salience=ident)?)? ('temperature' temperature=expr)?   # capacityMember
    | 'broadcast' 'to' targets+=ident (',' targets+=ident)*                                 # broadcastMember
    | 'memory' memory=call                                                                  # memoryMember
    | outputDecl                                                                            # workspaceOutput
    ;

// ============================================================================================
// Active inference
// ============================================================================================

agentDecl
    : 'agent' name=ident ':' family=call '{' sep? (agentMember sep?)* '}'
    ;

agentMember
    : 'hidden' name=ident levels                                                            # hiddenMember
    | 'observe' name=ident levels
      ('depends' 'on' '(' deps+=ident (',' deps+=ident)* ')')?
      ('likelihood' matrix=ident '=' value=expr)?                                           # observeMember
    | 'control' name=ident levels ('of' factor=ident)?
      ('transition' matrix=ident '=' value=expr)?                                           # controlMember
    | 'prefer' matrix=ident ('[' modality=ident ('=' level=expr)? ']')? '=' value=expr      # preferMember
    | 'prior' matrix=ident ('[' factor=ident ']')? '=' value=expr                           # priorMember
    | 'plan' planClause+                                                                    # planMember
    ;

/** `[25]` (a size) or `[up, right, down, left, stay]` (named levels). */
levels
    : '[' items+=expr (',' items+=expr)* ','? ']'
    ;

planClause
    : 'horizon' horizon=expr                        # horizonClause
    | 'minimize' objective=call                     # minimizeClause
    | 'action' selection=ident                      # actionClause
    | 'gamma' gamma=expr                            # gammaClause
    | 'alpha' alpha=expr                            # alphaClause
    | 'inductive' ('(' args? ')')?                  # inductiveClause
    ;

// ============================================================================================
// Fuzzy rule bases
// ============================================================================================

rulesDecl
    : 'rules' name=ident ':' family=call '{' sep? (rulesMember sep?)* '}'
    ;

rulesMember
    : 'predicate' predicates+=predicateSig (',' predicates+=predicateSig)*    # predicateMember
    | 'rule' (name=ident ':')? body=formula ('confidence' confidence=expr)?  # ruleMember
    | 'fact' atom ('=' truth=expr)?                                          # factMember
    | 'query' queries+=atom (',' queries+=atom)*                             # queryMember
    ;

predicateSig
    : name=ident ('/' arity=NUMBER)?
    ;

formula
    : atom                                                  # atomFormula
    | '(' formula ')'                                       # parenFormula
    | 'not' formula                                         # notFormula
    | formula 'and' formula                                 # andFormula
    | formula 'or' formula                                  # orFormula
    | <assoc=right> formula '->' formula                    # impliesFormula
    | formula '<->' formula                                 # equivFormula
    | quantifier=('forall' | 'exists') vars+=ident (',' vars+=ident)* ':' formula   # quantifiedFormula
    ;

atom
    : predicate=ident ('(' terms+=ident (',' terms+=ident)* ')')?
    ;

// ============================================================================================
// Meta-learning
// ============================================================================================

metaDecl
    : 'meta' name=ident ':' family=call '{' sep? (metaMember sep?)* '}'
    ;

metaMember
    : 'model' model=call                            # modelMember
    | 'tasks' tasks=call                            # tasksMember
    | 'gate' gate=ident                             # gateMember
    | section                                       # metaSection
    ;

// ============================================================================================
// Types and expressions
// ============================================================================================

/** A unit (`mV`, `mV/ms`, `1/s`) or a type name (`bool`, `int`); `[3] mV` is a vector. */
typeExpr
    : '[' size=NUMBER ']' element=typeExpr          # vectorType
    | unitExpr                                      # scalarType
    ;

unitExpr
    : unitFactor (ops+=('*' | '/') unitFactor)*
    ;

unitFactor
    : (ID | NUMBER) ('^' negative='-'? exponent=NUMBER)?
    | '(' unitExpr ')'
    ;

call
    : name=ident ('(' args? ')')?
    ;

args
    : arg (',' arg)* ','?
    ;

arg
    : (name=ident '=')? value=expr
    ;

namedArg
    : name=ident '=' value=expr
    ;

expr
    : primary                                                       # primaryExpr
    | target=expr '.' member=ident                                  # memberExpr
    | target=expr '[' index=expr ']'                                # indexExpr
    | <assoc=right> left=expr op='^' right=expr                     # powerExpr
    | op=('-' | '+') operand=expr                                   # unaryExpr
    | left=expr op=('*' | '/') right=expr                           # mulExpr
    | left=expr op=('+' | '-') right=expr                           # addExpr
    | left=expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') right=expr   # compareExpr
    | op='not' operand=expr                                         # notExpr
    | left=expr op='and' right=expr                                 # andExpr
    | left=expr op='or' right=expr                                  # orExpr
    | 'if' condition=expr 'then' then=expr 'else' otherwise=expr    # condExpr
    | low=expr op='..' high=expr                                    # rangeExpr
    ;

primary
    : value=NUMBER unit=ID?                         # quantity
    | value=NUMBER '%'                              # percent
    | value=STRING                                  # string
    | value=('true' | 'false')                      # boolean
    | name=ident '(' args? ')'                      # callExpr
    | name=ident                                    # name
    | '(' inner=expr ')'                            # paren
    | '[' (items+=expr (',' items+=expr)* ','?)? ']'    # vector
    ;

/** Names, including the clause words that are keywords only where a clause may start. */
ident
    : ID
    | 'kernel' | 'surrogate' | 'when' | 'decays' | 'pre' | 'post' | 'always' | 'within' | 'given'
    | 'no' | 'spikes' | 'any' | 'increases' | 'decreases' | 'unchanged' | 'by' | 'as'
    | 'all' | 'one_to_one' | 'dense' | 'probability' | 'fixed_fanin' | 'fixed_fanout'
    | 'weight' | 'delay' | 'via' | 'encode' | 'of' | 'every' | 'at'
    | 'for' | 'dt' | 'seed' | 'threads' | 'backend' | 'in' | 'environment' | 'dataset'
    | 'curriculum' | 'until' | 'episodes' | 'epochs' | 'batch' | 'report' | 'loss' | 'optimizer'
    | 'schedule' | 'anomalies' | 'anomaly' | 'with' | 'to' | 'unless' | 'while'
    | 'module' | 'width' | 'slots' | 'capacity' | 'select' | 'temperature' | 'broadcast' | 'memory'
    | 'hidden' | 'observe' | 'likelihood' | 'control' | 'transition' | 'depends' | 'prefer'
    | 'prior' | 'plan' | 'horizon' | 'minimize' | 'action' | 'gamma' | 'alpha' | 'inductive'
    | 'predicate' | 'rule' | 'fact' | 'query' | 'forall' | 'exists' | 'confidence'
    | 'model' | 'tasks' | 'gate' | 'method'
    | 'same_step'
    ;

sep
    : (NL | ';')+
    ;

// ============================================================================================
// Tokens
// ============================================================================================

PRIME       : '\'' ;
NUMBER      : DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)? ;
STRING      : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
/** A string without its closing quote; the compiler reports it and reads it as a string. */
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
ID          : ID_START ID_PART* ;

DOC_COMMENT : '///' ~[\r\n]* -> channel(HIDDEN) ;
LINE_COMMENT: '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
/** A block comment that runs to the end of the file; the compiler reports it. */
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF -> channel(HIDDEN) ;

NL          : '\r'? '\n' | '\r' ;
WS          : [ \t\f\u00A0\uFEFF]+ -> skip ;
/** Any other character; the compiler reports it as E0101 and the parser never sees it. */
ERROR_CHAR  : . ;

fragment DIGITS   : [0-9] ('_'? [0-9])* ;
fragment ID_START : [a-zA-Z_\u00B5\u03BC\u03A9] ;
fragment ID_PART  : [a-zA-Z_0-9\u00B5\u03BC\u03A9] ;
