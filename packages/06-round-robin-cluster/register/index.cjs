/**
 * register: run any program on the clone, unchanged.
 *
 *   node --require @cluster-from-scratch/06-round-robin-cluster/register app.js   (CommonJS)
 *   node --import  @cluster-from-scratch/06-round-robin-cluster/register app.mjs  (ES modules)
 *   NODE_OPTIONS="--require …/register" pm2 start app.js -i 2        (a whole process tree)
 *
 * What goes in: a process about to run someone else's code. What comes out: in that process,
 * every `require('cluster')`, `require('node:cluster')` and `import … from 'node:cluster'`
 * gives the clone's cluster object instead of Node's.
 *
 *   require('cluster') ──▶ Module._load (patched here) ──▶ loadClone() ─┐
 *   import 'node:cluster' ─▶ resolve hook (hooks.mjs) ──▶ cluster.mjs ──┤──▶ src/index.ts
 *                                                                       │    (one object per
 *   the clone's own files ask for node:cluster ──▶ Node's real module   │     process)
 *   (listen-hook.ts sets its isPrimary/_getServer; the types come from it)
 *
 * Workers: cluster.fork() passes the parent's execArgv and environment on, so a worker started
 * from a registered primary loads this file too. There it loads the clone at once, because a
 * worker must say 'online' and route its listen() calls even when its script never asks for
 * cluster itself (PM2's process container is such a script).
 *
 * Plain JavaScript on purpose: this file runs before any TypeScript loader may exist. It
 * loads the clone's TypeScript through tsx's require API, registered under a namespace of its
 * own so it changes nothing for the program (which may run under tsx itself, or not at all).
 *
 * Deliberate difference from Node: process.getBuiltinModule('node:cluster') still returns
 * Node's own module. Nothing can redirect it; a program that uses it runs on node:cluster.
 */
'use strict';

const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

// Loaded twice (--require in NODE_OPTIONS and --import on the command line): install once.
const INSTALLED = Symbol.for('cluster-from-scratch.06.register');
const CLONE_SRC = path.join(__dirname, '..', 'src') + path.sep;
const CLONE_ENTRY = path.join(CLONE_SRC, 'index.ts');
const CLUSTER_NAMES = new Set(['cluster', 'node:cluster']);
// Node's bootstrap treats NODE_UNIQUE_ID as "I am a node:cluster worker"; the clone's workers
// carry this one instead (src/utils.ts, UNIQUE_ID_ENV).
const CLONE_WORKER_ENV = 'CFS_UNIQUE_ID';

let clone;
/** The clone's cluster object, loaded on first use. */
function loadClone() {
  if (clone === undefined) {
    const tsx = require('tsx/cjs/api').register({ namespace: 'cluster-from-scratch-06' });
    clone = tsx.require(CLONE_ENTRY, __filename).default;
  }
  return clone;
}

/** The clone's own files keep Node's module: they are what sits on top of it. */
function asksForCluster(request, parent) {
  if (!CLUSTER_NAMES.has(request)) return false;
  const from = parent?.filename ?? '';
  return !from.startsWith(CLONE_SRC);
}

function install() {
  const load = Module._load;
  Module._load = function loadWithClone(request, parent, isMain) {
    if (asksForCluster(request, parent)) return loadClone();
    return load.call(this, request, parent, isMain);
  };
  redirectImports();
  if (Object.hasOwn(process.env, CLONE_WORKER_ENV)) loadClone();
}

/**
 * ES modules never pass through Module._load: a resolve hook points their 'node:cluster' at
 * cluster.mjs, which re-exports loadClone()'s object. Node 22.15+ / 23.5+ run hooks in this
 * thread (module.registerHooks); older lines only have module.register, which runs the same
 * hook on a thread of its own.
 */
function redirectImports() {
  const cloneFace = pathToFileURL(path.join(__dirname, 'cluster.mjs')).href;
  const cloneSrc = pathToFileURL(CLONE_SRC).href;
  if (typeof Module.registerHooks === 'function') {
    Module.registerHooks({
      resolve(specifier, context, nextResolve) {
        if (CLUSTER_NAMES.has(specifier) && !context.parentURL?.startsWith(cloneSrc)) {
          return { url: cloneFace, shortCircuit: true };
        }
        return nextResolve(specifier, context);
      },
    });
  } else {
    Module.register(pathToFileURL(path.join(__dirname, 'hooks.mjs')), {
      data: { cloneFace, cloneSrc },
    });
  }
}

if (!globalThis[INSTALLED]) {
  globalThis[INSTALLED] = { loadClone };
  install();
}
module.exports = globalThis[INSTALLED];
