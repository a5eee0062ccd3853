import { Allowlists } from '../domain/allowlists';
import { SignatureIndex } from '../domain/signature-index';
import { SpaceRulesTable } from '../domain/space-rules-table';
import type { RatePolicy } from '../rules/rate-policy';

/**
 * This replica's in-memory view of the PoP's database: what Check reads. The feed follower
 * writes it; a full reload builds new structures and swaps them in at once, so a Check never
 * sees a half-loaded snapshot.
 */
export class SignatureState {
  signatures = new SignatureIndex();
  allowlists = new Allowlists();
  rules: SpaceRulesTable;
  /** True once a snapshot has been loaded from Redis. */
  loaded = false;

  constructor(readonly policy: RatePolicy) {
    this.rules = new SpaceRulesTable(policy);
  }

  swap(signatures: SignatureIndex, allowlists: Allowlists, rules: SpaceRulesTable): void {
    this.signatures = signatures;
    this.allowlists = allowlists;
    this.rules = rules;
    this.loaded = true;
  }
}
