#!/usr/bin/env node
// Compiles every .sol under src/ (and test-src/) with solcjs into build/<Name>.abi and .bin
// (test contracts into build/test/). Standard JSON, optimizer on, OpenZeppelin imports resolved
// from node_modules. Skips the compiler when the inputs did not change since the last run.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.resolve(__dirname, '..');
const nodeModules = path.join(root, 'node_modules');

if (!fs.existsSync(nodeModules)) {
  console.error('contracts/node_modules is missing: run `npm ci` in contracts/ first');
  process.exit(1);
}

let solc;
try {
  solc = require('solc');
} catch (e) {
  console.error('solc is not installed: run `npm ci` in contracts/ first (' + e.message + ')');
  process.exit(1);
}

function solidityFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return solidityFiles(full);
      return entry.name.endsWith('.sol') ? [full] : [];
    })
    .sort();
}

function findImport(unitName) {
  // Remapping: "@openzeppelin/..." (and any other package) comes from node_modules.
  const candidates = [path.join(root, unitName), path.join(nodeModules, unitName)];
  for (const file of candidates) {
    if (fs.existsSync(file)) return { contents: fs.readFileSync(file, 'utf8') };
  }
  return { error: 'File not found: ' + unitName };
}

function compile(sourceDir, outDir) {
  const files = solidityFiles(path.join(root, sourceDir));
  if (files.length === 0) return;
  const sources = {};
  for (const file of files) {
    sources[path.relative(root, file).split(path.sep).join('/')] = { content: fs.readFileSync(file, 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // The relayed functions take many flat arguments (web3j 5.0.0 has no ABI structs); the IR pipeline keeps the stack shallow.
      viaIR: true,
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const inputJson = JSON.stringify(input);
  const depsHash = crypto.createHash('sha256')
    .update(solc.version())
    .update(inputJson)
    .update(fs.readFileSync(path.join(nodeModules, '@openzeppelin/contracts/package.json')))
    .digest('hex');
  const stamp = path.join(root, outDir, '.inputs.sha256');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === depsHash) {
    console.log(`${sourceDir}: unchanged, ${outDir} is up to date`);
    return;
  }

  const output = JSON.parse(solc.compile(inputJson, { import: findImport }));
  const problems = output.errors || [];
  for (const problem of problems) {
    console.error(problem.formattedMessage);
  }
  if (problems.some((p) => p.severity === 'error')) {
    process.exit(1);
  }

  fs.mkdirSync(path.join(root, outDir), { recursive: true });
  for (const unit of Object.keys(sources)) {
    for (const [name, artifact] of Object.entries(output.contracts[unit] || {})) {
      const bin = artifact.evm.bytecode.object;
      if (!bin) continue; // abstract contracts and interfaces have nothing to deploy
      fs.writeFileSync(path.join(root, outDir, name + '.abi'), JSON.stringify(artifact.abi) + '\n');
      // No trailing newline: web3j embeds the file verbatim as the deploy bytecode.
      fs.writeFileSync(path.join(root, outDir, name + '.bin'), bin);
      console.log(`compiled ${unit}:${name} -> ${outDir}/${name}.abi, .bin`);
    }
  }
  fs.writeFileSync(stamp, depsHash + '\n');
}

console.log('solc ' + solc.version());
compile('src', 'build');
compile('test-src', 'build/test');
