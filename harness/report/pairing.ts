// Why each target was or was not paired in the headline (issue 23: `views` and `family` decided a
// user's pairs, and nothing said so). One sentence per target that ran: its side and where that
// came from (declared views, else its model), and its family (declared; a name prefix is not a
// family, issue 24); a target with neither views nor a model, or no family, is named as left out. Pure.
import type { Results } from '../types.js';
import { familyOf, sideOf, targetInfo, targetOrder } from './points.js';

/** One sentence per target of the run, saying how the headline placed it. */
export function pairingNotes(results: Results): string[] {
  const ran = targetOrder(results).filter((t) => results.cells.some((c) => c.target === t && !c.open));
  return ran.map((name) => {
    const t = targetInfo(results, name);
    const side = sideOf(results, name);
    const family = familyOf(results, name);
    if (side === null) return `${name}: left out of the headline: it declares neither "views" nor a "model", so it is on neither the async nor the sync side`;
    if (family === null)
      return `${name}: left out of the headline: it declares no "family", so it has no counterpart (give the async and the sync target the same "family")`;
    const why = t?.views
      ? `views ${t.views}, declared`
      : `model ${t?.model ?? results.cells.find((c) => c.target === name)?.model}, as no "views" were declared`;
    const mates = ran.filter((o) => o !== name && sideOf(results, o) !== null && sideOf(results, o) !== side && familyOf(results, o) === family);
    return `${name}: ${side} side (${why}), family ${family} (declared); ${mates.length ? `paired with ${mates.join(', ')}` : `no ${side === 'async' ? 'sync' : 'async'} target of that family ran, so no pair`}`;
  });
}
