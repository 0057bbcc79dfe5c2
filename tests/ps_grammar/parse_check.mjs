#!/usr/bin/env node
// parse_check.mjs FILE...
//
// Parses each PowerShell file with the tree-sitter PowerShell grammar (its
// wasm build, through web-tree-sitter: no native code, no network) and prints
// every ERROR and MISSING node as FILE:LINE:COL. A script the grammar cannot
// read is a script an admin should not be handed.
//
// The packages come from the node_modules folder named by
// CASDOCTOR_PS_GRAMMAR_MODULES (scripts/lib.sh installs it into a cache
// folder), else from node_modules next to this file.
//
// Exit codes: 0 every file parses cleanly, 1 at least one file has errors,
// 2 nothing could be checked (no files, unreadable file, packages missing).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// The grammar is a 1 MB wasm module. V8 compiles it a second time, with its
// optimising tier, in the background, and the process waits for that before
// it exits: about 6 s of CPU for a few milliseconds of parsing. The baseline
// compiler alone is plenty for scripts of a few hundred lines.
v8.setFlagsFromString('--liftoff-only');

const k_clean = 0;
const k_errors = 1;
const k_unusable = 2;

function fail(message) {
  console.error(`parse_check: ${message}`);
  process.exit(k_unusable);
}

function modulesDir() {
  const fromEnv = process.env.CASDOCTOR_PS_GRAMMAR_MODULES;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules');
}

// Resolved from the modules folder, not from this file's location: the
// folder lives in a cache outside the source tree.
async function loadGrammar() {
  const dir = modulesDir();
  const require = createRequire(path.join(dir, 'resolve-from-here.js'));
  let wasmPath;
  let runtime;
  try {
    wasmPath = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    runtime = require('web-tree-sitter');
  } catch (e) {
    fail(`cannot load web-tree-sitter and tree-sitter-powershell from ${dir}: ${e.message}\n` +
         '  (scripts/test installs them; by hand: npm ci in a copy of tests/ps_grammar)');
  }
  const { Parser, Language } = runtime;
  await Parser.init();
  const language = await Language.load(wasmPath);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

function describe(node) {
  if (node.isMissing) return `MISSING ${JSON.stringify(node.type)}`;
  const text = node.text.length > 40 ? `${node.text.slice(0, 40)}...` : node.text;
  return `ERROR at ${JSON.stringify(text)}`;
}

// Every ERROR node (not its insides: one broken construct is one report)
// and every MISSING node, in document order.
function problems(root) {
  const found = [];
  const visit = (node) => {
    if (node.isError || node.isMissing) {
      found.push(node);
      if (node.isError) return;
    }
    for (const child of node.children) visit(child);
  };
  visit(root);
  // hasError is the grammar's own verdict; never pass a tree that has one.
  if (found.length === 0 && root.hasError) found.push(root);
  return found;
}

function checkFile(parser, file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    console.log(`${file}: empty script`);
    return 1;
  }
  const tree = parser.parse(text);
  const lines = text.split('\n');
  const found = problems(tree.rootNode);
  for (const node of found) {
    const { row, column } = node.startPosition;
    console.log(`${file}:${row + 1}:${column + 1}: ${describe(node)}`);
    console.log(`    ${(lines[row] ?? '').replace(/\r$/, '')}`);
  }
  tree.delete();
  return found.length;
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) fail('no files given (usage: parse_check.mjs FILE...)');
  const parser = await loadGrammar();
  let bad = 0;
  for (const file of files) {
    if (checkFile(parser, file) > 0) ++bad;
  }
  console.log(`parse_check: ${files.length - bad} of ${files.length} file(s) parse cleanly`);
  process.exit(bad > 0 ? k_errors : k_clean);
}

await main();
