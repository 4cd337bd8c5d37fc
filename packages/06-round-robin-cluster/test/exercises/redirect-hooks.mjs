// Module resolve hook (plain JS: it runs on Node's loader thread). When an exercise spec runs
// against the starter, every import of the solution file in src/ resolves to the learner's
// file in exercises/ instead, in the primary and in every worker (they inherit the --import).
let redirect = new Map();

export function initialize(data) {
  redirect = new Map(Object.entries(data.redirect));
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const target = redirect.get(result.url);
  return target ? { ...result, url: target } : result;
}
