// The resolve hook of register/index.cjs for Node lines without module.registerHooks (20, and
// 22 before 22.15): module.register runs it on a loader thread, so what it needs comes as data.
let cloneFace;
let cloneSrc;

export function initialize(data) {
  ({ cloneFace, cloneSrc } = data);
}

export async function resolve(specifier, context, nextResolve) {
  const asksForCluster = specifier === 'cluster' || specifier === 'node:cluster';
  if (asksForCluster && !context.parentURL?.startsWith(cloneSrc)) {
    return { url: cloneFace, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
